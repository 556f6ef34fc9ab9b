#include "app/summary_cards.h"

#include <QAbstractItemModel>
#include <QModelIndex>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include "app/summary_model.h"
#include "charts/chart_spec.h"  // palette_colour: a variant has the same colour on cards and charts

namespace {

constexpr int kCards = SummaryModel::FixedRows + 1;  // the numbers, then the expectations

QString statusColour(int status) {
  switch (static_cast<SummaryModel::Status>(status)) {
    case SummaryModel::Status::Pass: return QStringLiteral("#1b7a3a");
    case SummaryModel::Status::Fail: return QStringLiteral("#b00020");
    case SummaryModel::Status::Warn: return QStringLiteral("#a05a00");
    default: return QString();
  }
}

QString dot(int column, int columns) {
  if (columns < 2) return {};
  const QString colour = QString::fromStdString(chaossim::palette_colour(static_cast<std::size_t>(column)));
  return QStringLiteral("<span style='color:%1'>&#9679;</span> ").arg(colour);
}

// A value with its status colour; bad values also bold and on a tint, so they stand out at a glance. `pad` keeps
// the tint off the digits: a space on a card, a thinner one in the compare table, whose width is scarce.
QString styledValue(const QString& value, int status, const QString& pad = QStringLiteral("&nbsp;")) {
  const QString colour = statusColour(status);
  if (colour.isEmpty()) return value;
  if (status == int(SummaryModel::Status::Fail) || status == int(SummaryModel::Status::Warn))
    return QStringLiteral("<span style='color:%1; background-color:%2; font-weight:700'>%4%3%4</span>")
        .arg(colour, status == int(SummaryModel::Status::Fail) ? QStringLiteral("#fde7ea") : QStringLiteral("#fff1dc"),
             value, pad);
  return QStringLiteral("<span style='color:%1'>%2</span>").arg(colour, value);
}

// The whole run's amplification, then the during-fault one beside it, each marked by its own level: the storm is in
// the second, and a whole-run average hides it. `inWords` says which is which after each value (a card); without,
// the two values are joined by "·" and the table's column title says which is which.
QString amplificationText(const QModelIndex& index, bool inWords = true) {
  const QString value = index.data().toString().toHtmlEscaped();
  const QVariant whole = index.data(SummaryModel::ValueRole);
  const QString pad = inWords ? QStringLiteral("&nbsp;") : QStringLiteral("\u200A");  // a hair space in the table
  QString out = styledValue(value,
                            whole.isValid() && value != QStringLiteral("–")
                                ? int(SummaryModel::amplificationStatus(whole.toDouble()))
                                : int(SummaryModel::Status::None),
                            pad);
  const QVariant during = index.data(SummaryModel::DuringRole);
  if (!during.isValid()) return out;
  const QString duringText = QStringLiteral("%1×").arg(during.toDouble(), 0, 'f', 2);
  if (!inWords)
    // Narrow no-break spaces: the pair is one value to read, and a compare table at a projector has no width to
    // spare for two full spaces.
    return out + QStringLiteral("\u202F·\u202F") +
           styledValue(duringText, int(SummaryModel::amplificationStatus(during.toDouble())), pad);
  // While the run goes, both cover only what has been sent yet: a storm may still grow (or a fault still come).
  const bool partial = index.data(SummaryModel::PartialRole).toBool();
  const QString wholeWords = partial ? QObject::tr("so far,") : QObject::tr("whole run,");
  const QString duringWords = partial ? QObject::tr("during faults so far") : QObject::tr("during faults");
  return out + QStringLiteral(" <span style='font-size:small; font-weight:400'>%1</span> ").arg(wholeWords) +
         styledValue(duringText, int(SummaryModel::amplificationStatus(during.toDouble()))) +
         QStringLiteral(" <span style='font-size:small; font-weight:400'>%1</span>").arg(duringWords);
}

QString markOf(int status) {
  return status == int(SummaryModel::Status::Pass)   ? QStringLiteral("&#10004;")
         : status == int(SummaryModel::Status::Fail) ? QStringLiteral("&#10008;")
                                                     : QStringLiteral("&#8230;");
}

}  // namespace

SummaryCards::SummaryCards(QWidget* parent)
    : QWidget(parent), m_cardRow(new QWidget(this)), m_table(new QLabel(this)), m_caption(new QLabel(this)) {
  setObjectName(QStringLiteral("summaryCards"));
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->setSpacing(2);
  outer->addWidget(m_cardRow);
  m_table->setObjectName(QStringLiteral("summaryTable"));
  m_table->setTextFormat(Qt::RichText);  // every piece of scenario text in it is HTML-escaped
  // Cells wrap at their spaces rather than widen the window: at 1.6× text one line of the table is wider than a
  // 1280-pixel projector leaves beside the side panel.
  m_table->setWordWrap(true);
  m_table->setAutoFillBackground(true);
  m_table->setBackgroundRole(QPalette::Base);
  m_table->setFrameShape(QFrame::StyledPanel);
  m_table->setContentsMargins(6, 3, 6, 3);
  outer->addWidget(m_table);
  m_caption->setForegroundRole(QPalette::PlaceholderText);
  m_caption->setTextFormat(Qt::PlainText);
  outer->addWidget(m_caption);
  auto* layout = new QHBoxLayout(m_cardRow);
  layout->setContentsMargins(0, 0, 0, 0);
  for (int i = 0; i < kCards; ++i) {
    auto* card = new QFrame(m_cardRow);
    card->setFrameShape(QFrame::StyledPanel);
    card->setAutoFillBackground(true);
    card->setBackgroundRole(QPalette::Base);
    auto* title = new QLabel(card);
    title->setTextFormat(Qt::PlainText);
    title->setForegroundRole(QPalette::PlaceholderText);
    auto* body = new QLabel(card);
    body->setTextFormat(Qt::RichText);  // every piece of scenario text in it is HTML-escaped
    body->setWordWrap(true);
    body->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto* v = new QVBoxLayout(card);
    v->setContentsMargins(10, 6, 10, 6);
    v->addWidget(title);
    if (i == kCards - 1) {
      // A lesson may state many expectations: past the height of the other cards they scroll instead of being cut.
      auto* scroll = new QScrollArea(card);
      scroll->setObjectName(QStringLiteral("expectationsScroll"));
      scroll->setFrameShape(QFrame::NoFrame);
      scroll->setWidgetResizable(true);
      scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
      scroll->viewport()->setBackgroundRole(QPalette::Base);
      scroll->setWidget(body);
      v->addWidget(scroll, 1);
    } else {
      v->addWidget(body, 1);
    }
    layout->addWidget(card, i == kCards - 1 ? 2 : 1);
    m_cards << card;
    m_titles << title;
    m_bodies << body;
  }
  refresh();
}

void SummaryCards::setModel(QAbstractItemModel* model) {
  if (m_model) disconnect(m_model, nullptr, this, nullptr);
  m_model = model;
  if (m_model) {
    connect(m_model, &QAbstractItemModel::modelReset, this, &SummaryCards::refresh);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &SummaryCards::refresh);
  }
  refresh();
}

bool SummaryCards::compact() const {
  return m_model && (m_model->columnCount() > 1 || (m_workshop && m_model->columnCount() == 1));
}

void SummaryCards::setWorkshopMode(bool on) {
  m_workshop = on;
  refresh();
}

QStringList SummaryCards::cardTexts() const {
  QStringList out;
  if (compact()) return {m_table->text(), m_caption->text()};
  for (int i = 0; i < kCards; ++i) out << m_titles[i]->text() + QLatin1Char('\n') + m_bodies[i]->text();
  return out << m_caption->text();
}

void SummaryCards::refresh() {
  const int columns = m_model ? m_model->columnCount() : 0;
  // Nothing has run yet: no empty boxes.
  setVisible(columns > 0);
  const int rows = m_model ? m_model->rowCount() : 0;
  const bool table = compact();
  m_cardRow->setVisible(columns > 0 && !table);
  m_table->setVisible(table);
  if (columns > 0 && !table) refreshCards(columns, rows);
  if (table) refreshTable(columns, rows);
  const auto* summary = qobject_cast<const SummaryModel*>(m_model);
  const double warmup = summary ? summary->warmupSeconds() : 0;
  m_caption->setVisible(columns > 0 && warmup > 0);
  m_caption->setText(tr("The numbers leave out the first %1 s (warm-up); the charts show it, shaded grey.").arg(warmup));
}

void SummaryCards::refreshTable(int columns, int rows) {
  // One row per variant: the headline numbers, the during-fault amplification, and the expectations as a count,
  // each in a column with the card's title. Details are in the tooltip.
  QString html = QStringLiteral("<table cellspacing='0' cellpadding='2' width='100%'><tr>");
  html += QStringLiteral("<th align='left'>%1</th>").arg(tr("Variant"));
  for (int row = 0; row < SummaryModel::FixedRows && row < rows; ++row) {
    const QModelIndex first = m_model->index(row, 0);
    QString title = first.data(SummaryModel::LabelRole).toString().toHtmlEscaped();
    // The cells hold two values, "1.48× · 1.99×": the title says which is which (a row is read at a glance).
    if (row == SummaryModel::Amplification)
      title += QStringLiteral("<br><span style='font-size:small; font-weight:400'>%1</span>")
                   .arg(first.data(SummaryModel::PartialRole).toBool() ? tr("so far · during faults so far")
                                                                       : tr("whole run · during faults"));
    html += QStringLiteral("<th align='left'>%1</th>").arg(title);
  }
  html += QStringLiteral("<th align='left'>%1</th></tr>").arg(tr("Expectations"));
  QStringList tooltip;
  for (int c = 0; c < columns; ++c) {
    const QString name = m_model->headerData(c, Qt::Horizontal).toString().toHtmlEscaped();
    // A variant's name on one line: broken at its hyphens it would read as two.
    html += QStringLiteral("<tr><td style='white-space:nowrap'>%1<b>%2</b></td>").arg(dot(c, columns), name);
    for (int row = 0; row < SummaryModel::FixedRows && row < rows; ++row) {
      const QModelIndex index = m_model->index(row, c);
      const QString cell = row == SummaryModel::Amplification
                               ? amplificationText(index, false)
                               : styledValue(index.data().toString().toHtmlEscaped(), index.data(SummaryModel::StatusRole).toInt());
      // A value never breaks: "1.52× · 1.99×" split at its spaces read as two rows, and "68 ms" as two numbers.
      // The headers and the verdict wrap instead.
      html += QStringLiteral("<td style='white-space:nowrap'>%1</td>").arg(cell);
    }
    int passed = 0, failed = 0, pending = 0;
    tooltip << m_model->headerData(c, Qt::Horizontal).toString() + QLatin1Char(':');
    for (int row = SummaryModel::FixedRows; row < rows; ++row) {
      const QModelIndex index = m_model->index(row, c);
      const QString label = index.data(SummaryModel::LabelRole).toString();
      if (label.isEmpty()) continue;
      const int status = index.data(SummaryModel::StatusRole).toInt();
      passed += status == int(SummaryModel::Status::Pass);
      failed += status == int(SummaryModel::Status::Fail);
      pending += status == int(SummaryModel::Status::Pending);
      tooltip << QStringLiteral("  %1 %2  %3").arg(index.data().toString(), label, index.data(SummaryModel::DetailRole).toString());
    }
    QString verdict;
    if (passed + failed + pending == 0) verdict = tr("none");
    else if (pending > 0) verdict = QStringLiteral("&#8230; %1").arg(tr("%n pending", nullptr, pending));
    else if (failed > 0) verdict = styledValue(QStringLiteral("&#10008; %1").arg(tr("%1 of %2 fail").arg(failed).arg(passed + failed)), int(SummaryModel::Status::Fail));
    else verdict = styledValue(QStringLiteral("&#10004; %1").arg(tr("all %1 hold").arg(passed)), int(SummaryModel::Status::Pass));
    html += QStringLiteral("<td>%1</td></tr>").arg(verdict);
  }
  html += QStringLiteral("</table>");
  m_table->setText(html);
  m_table->setToolTip(tooltip.join(QLatin1Char('\n')));
}

void SummaryCards::refreshCards(int columns, int rows) {
  const bool big = columns == 1;  // one variant: a large number; several: one line each
  for (int row = 0; row < SummaryModel::FixedRows; ++row) {
    QString title = m_model && rows > row ? m_model->headerData(row, Qt::Vertical).toString() : QString();
    QString body;
    for (int c = 0; c < columns && row < rows; ++c) {
      const QModelIndex index = m_model->index(row, c);
      if (c == 0) title = index.data(SummaryModel::LabelRole).toString();
      const QString value = index.data().toString().toHtmlEscaped();
      QString styled = row == SummaryModel::Amplification ? amplificationText(index)
                                                          : styledValue(value, index.data(SummaryModel::StatusRole).toInt());
      const QString detail = index.data(SummaryModel::DetailRole).toString().toHtmlEscaped();
      if (big)
        body += QStringLiteral("<div style='font-size:x-large; font-weight:600'>%1</div><div>%2</div>").arg(styled, detail);
      else if (value == QStringLiteral("–") && c > 0)
        continue;  // "nothing to show" once is enough
      else
        body += QStringLiteral("<div>%1<b>%2</b> <small>%3</small></div>").arg(dot(c, columns), styled, detail);
      m_cards[row]->setToolTip(index.data(Qt::ToolTipRole).toString());
    }
    m_titles[row]->setText(title.isEmpty() ? tr("–") : title);
    m_bodies[row]->setText(body.isEmpty() ? QStringLiteral("–") : body);
  }

  // Expectations: the verdict of each, per variant.
  QString body;
  int shown = 0;
  for (int c = 0; c < columns; ++c) {
    if (columns > 1)
      body += QStringLiteral("<div>%1<b>%2</b></div>").arg(dot(c, columns), m_model->headerData(c, Qt::Horizontal).toString().toHtmlEscaped());
    for (int row = SummaryModel::FixedRows; row < rows; ++row) {
      const QModelIndex index = m_model->index(row, c);
      const QString label = index.data(SummaryModel::LabelRole).toString();
      if (label.isEmpty()) continue;
      const int status = index.data(SummaryModel::StatusRole).toInt();
      const QString mark = markOf(status);
      const QString colour = statusColour(status);
      body += QStringLiteral("<div><span style='color:%1'>%2</span> %3 <small>%4</small></div>")
                  .arg(colour.isEmpty() ? QStringLiteral("gray") : colour, mark, label.toHtmlEscaped(),
                       index.data(SummaryModel::DetailRole).toString().toHtmlEscaped());
      ++shown;
    }
  }
  m_titles.last()->setText(columns == 1 ? tr("Expectations of %1").arg(m_model->headerData(0, Qt::Horizontal).toString())
                                         : tr("Expectations"));
  m_bodies.last()->setText(shown == 0 ? tr("none in this scenario") : body);
}
