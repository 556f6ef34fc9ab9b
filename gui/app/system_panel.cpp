#include "app/system_panel.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include "app/editable_scenario.h"
#include "app/svg_picture.h"
#include "html/system_view.h"   // system_view: the baseline and each variant's changes, as the report says them
#include "html/topology_svg.h"  // topology_svg: the diagram, by Graphviz

namespace {

// Typing in the JSON tab changes the document at every key: the diagram is laid out again once typing pauses.
constexpr int kPauseMs = 300;

QString html(const std::string& text) { return QString::fromStdString(text).toHtmlEscaped(); }

// A path as shown: it may wrap after each "." and before each "->" (never inside the arrow), since a path such as
// edges.api->recommendations.circuit_breaker is wider than a side panel at workshop size. The marks are a
// zero-width space and a non-breaking hyphen: the text is shown, not copied (the panel's text is not selectable).
QString breakablePath(const std::string& path) {
  QString text = QString::fromStdString(path);
  text.replace(QStringLiteral("."), QStringLiteral(".\u200B"));
  text.replace(QStringLiteral("->"), QStringLiteral("\u200B\u2011>"));
  return text.toHtmlEscaped();
}

// What each variant changes, as rich text: every piece of scenario text escaped.
QString changesHtml(const chaossim::SystemView& view) {
  if (view.configs.empty()) return QObject::tr("<p>No variants: the scenario runs as written.</p>");
  QString out = QStringLiteral("<p><b>%1</b></p>").arg(QObject::tr("What each variant changes"));
  // Items as indented paragraphs rather than a list: a list's 40-pixel indent is a tenth of a side panel, and
  // each path is on a line of its own, since a path broken at its "->" reads badly.
  const auto item = [](const QString& text) { return QStringLiteral("<p style='margin:0 0 3px 10px'>• %1</p>").arg(text); };
  for (const chaossim::ConfigChanges& c : view.configs) {
    out += QStringLiteral("<p style='margin:6px 0 2px 0'><b>%1</b></p>").arg(html(c.name));
    for (const chaossim::Change& change : c.changes)
      out += item(QStringLiteral("<code>%1</code>:<br>%2 → <b>%3</b>")
                      .arg(breakablePath(change.path), html(change.before), html(change.after)));
    if (c.changes.empty()) out += item(QObject::tr("nothing in the system"));
    if (c.own_expectations) out += item(QObject::tr("and states its own expectations"));
  }
  return out;
}

}  // namespace

SystemPanel::SystemPanel(EditableScenario* doc, QWidget* parent)
    : QWidget(parent), m_doc(doc), m_note(new QLabel), m_diagram(new SvgPicture), m_changes(new QLabel) {
  setObjectName(QStringLiteral("systemPanel"));
  m_pause.setSingleShot(true);
  m_pause.setInterval(kPauseMs);
  connect(&m_pause, &QTimer::timeout, this, &SystemPanel::refresh);
  connect(m_doc, &EditableScenario::changed, this, &SystemPanel::schedule);

  m_diagram->setObjectName(QStringLiteral("topologyDiagram"));
  m_diagram->setToolTip(tr("Clients and services, and on each arrow the caller's strategies: timeout, tries, "
                           "idempotency key, breaker"));
  m_note->setWordWrap(true);
  m_note->setTextFormat(Qt::PlainText);
  m_note->setForegroundRole(QPalette::PlaceholderText);
  m_changes->setObjectName(QStringLiteral("variantChanges"));
  m_changes->setWordWrap(true);
  m_changes->setTextFormat(Qt::RichText);  // every piece of scenario text in it is HTML-escaped
  m_changes->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  // Never wider than the panel: the diagram above takes the width the panel has, not the width of a long word.
  m_changes->setMinimumWidth(1);
  setWorkshopMode(false);

  auto* content = new QWidget;
  auto* column = new QVBoxLayout(content);
  column->setContentsMargins(6, 6, 6, 6);
  column->addWidget(m_note);
  column->addWidget(m_diagram);
  column->addWidget(m_changes);
  column->addStretch(1);
  auto* scroll = new QScrollArea;
  scroll->setWidget(content);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // the diagram fits the width; text wraps
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(scroll);
}

void SystemPanel::setExtraOverrides(const std::vector<chaossim::Override>& overrides) {
  m_overrides = overrides;
  schedule();
}

void SystemPanel::setWorkshopMode(bool on) {
  // At a projector the diagram grows as the text around it does; on a desk it stays at most at its natural size,
  // where Graphviz's 10- and 12-point labels are already a little larger than the window's text.
  m_diagram->setMaxScale(on ? 1.6 : 1.0);
}

void SystemPanel::schedule() {
  m_stale = true;
  // Hidden (another tab of the side panel in front): drawn when shown.
  if (isVisible()) m_pause.start();
}

void SystemPanel::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (m_stale) refresh();
}

void SystemPanel::refresh() {
  m_pause.stop();
  m_stale = false;
  const chaossim::ScenarioDocument* doc = m_doc->document();
  if (!doc) {
    m_note->setText(m_doc->isEmpty() ? tr("Open a lesson to see its system: the services, the edges between them and "
                                          "what each variant changes.")
                                     : tr("The scenario does not load: correct it in the Scenario panel's JSON tab "
                                          "to see its system."));
    m_note->show();
    m_diagram->setSvg({});
    m_diagram->hide();
    m_changes->clear();
    return;
  }
  const chaossim::SystemView view = chaossim::system_view(*doc, m_overrides, m_doc->variantNames());
  if (!view.baseline) {
    m_note->setText(QString::fromStdString(view.problem));
    m_note->show();
    m_diagram->setSvg({});
    m_diagram->hide();
    m_changes->setText(changesHtml(view));
    return;
  }
  std::string whyNot;
  const std::string svg = chaossim::topology_svg(*view.baseline, &whyNot);
  const bool drawn = m_diagram->setSvg(QByteArray::fromStdString(svg));
  m_diagram->setVisible(drawn);
  m_note->setText(drawn ? QString() : QString::fromStdString(whyNot.empty() ? "No diagram." : whyNot));
  m_note->setVisible(!drawn);
  m_changes->setText(changesHtml(view));
}

QString SystemPanel::noteText() const { return m_note->isHidden() ? QString() : m_note->text(); }

QString SystemPanel::changesText() const { return m_changes->text(); }
