#include "app/traces_view.h"

#include <algorithm>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "app/run_session.h"
#include "app/sequence_view.h"
#include "app/trace_list_model.h"
#include "traces/sequence_layout.h"
#include "traces/trace_story.h"

namespace {

// What each filter lists, in the order of the box.
constexpr TraceListModel::Filter kFilters[] = {TraceListModel::Filter::Duplicated, TraceListModel::Filter::Failed,
                                               TraceListModel::Filter::Slow, TraceListModel::Filter::All};

// A box as wide as its longest item at its current font. AdjustToContents alone is not enough: QComboBox forgets
// its size hint on a font change or new items but keeps the minimum size hint it computed first, so a full row
// (workshop mode's larger text) squeezes the box back to the old width and cuts its text ("all variant").
void fitToContents(QComboBox* box) { box->setMinimumWidth(box->sizeHint().width()); }

QString filterWords(TraceListModel::Filter f) {
  switch (f) {
    case TraceListModel::Filter::Duplicated: return QObject::tr("ran an effect more than once");
    case TraceListModel::Filter::Failed: return QObject::tr("failed");
    case TraceListModel::Filter::Slow:
    case TraceListModel::Filter::All: return QObject::tr("was traced");
  }
  return {};
}

}  // namespace

TracesView::TracesView(QWidget* parent)
    : QWidget(parent), m_model(new TraceListModel(this)), m_record(new QAction(tr("Record &traces"), this)),
      m_filter(new QComboBox), m_variant(new QComboBox), m_operation(new QComboBox), m_note(new QLabel), m_list(new QTableView),
      m_title(new QLabel), m_scroll(new QScrollArea), m_sequence(new SequenceView), m_story(new QLabel),
      m_legend(new QLabel) {
  setObjectName(QStringLiteral("tracesView"));
  m_record->setObjectName(QStringLiteral("recordTracesAction"));
  m_record->setCheckable(true);
  m_record->setToolTip(tr("The next runs record traced operations (the first duplicated and failed ones, and a small "
                          "sample): about 5% slower. On once the Traces tab has been opened."));
  connect(m_record, &QAction::toggled, this, &TracesView::updateNote);

  m_filter->setObjectName(QStringLiteral("traceFilter"));
  m_filter->addItem(tr("Duplicated"));
  m_filter->addItem(tr("Failed"));
  m_filter->addItem(tr("Slow (longest first)"));
  m_filter->addItem(tr("All traced"));
  m_filter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  fitToContents(m_filter);
  m_filter->setToolTip(tr("Duplicated: an effect ran more than once. Failed: the user saw a failure. Slow: every "
                          "traced operation, the longest wait first."));
  m_variant->setObjectName(QStringLiteral("traceVariant"));
  m_variant->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  connect(m_filter, &QComboBox::currentIndexChanged, this, &TracesView::applyFilter);
  connect(m_variant, &QComboBox::currentIndexChanged, this, &TracesView::applyFilter);

  auto* recordBox = new QWidget;
  auto* top = new QHBoxLayout(recordBox);
  top->setContentsMargins(0, 0, 0, 0);
  top->addWidget(new QLabel(tr("Show")));
  top->addWidget(m_filter);
  top->addWidget(new QLabel(tr("in")));
  top->addWidget(m_variant);
  // At a projector the list gives its width to the diagram: the operation is chosen here instead.
  m_operation->setObjectName(QStringLiteral("traceOperation"));
  m_operation->setModel(m_model);
  m_operation->setModelColumn(TraceListModel::OperationColumn);
  m_operation->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_operation->hide();
  connect(m_operation, &QComboBox::activated, this, &TracesView::selectRow);
  top->addWidget(m_operation);
  top->addStretch(1);
  // A check box rather than a tool button: on or off must read at a glance.
  auto* recordCheck = new QCheckBox(tr("Record traces"));
  recordCheck->setObjectName(QStringLiteral("recordTraces"));
  recordCheck->setToolTip(m_record->toolTip());
  connect(recordCheck, &QCheckBox::toggled, m_record, &QAction::setChecked);
  connect(m_record, &QAction::toggled, recordCheck, &QCheckBox::setChecked);
  top->addWidget(recordCheck);

  m_note->setObjectName(QStringLiteral("traceNote"));
  m_note->setWordWrap(true);
  m_note->setTextFormat(Qt::PlainText);

  m_list->setObjectName(QStringLiteral("traceList"));
  m_list->setModel(m_model);
  m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_list->setSelectionMode(QAbstractItemView::SingleSelection);
  m_list->verticalHeader()->hide();
  m_list->setWordWrap(false);
  m_list->setShowGrid(false);
  m_list->setAlternatingRowColors(true);
  m_list->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_list->horizontalHeader()->setSectionResizeMode(TraceListModel::WhatColumn, QHeaderView::Stretch);
  connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TracesView::showSelected);

  auto* left = new QWidget;
  auto* leftColumn = new QVBoxLayout(left);
  leftColumn->setContentsMargins(0, 0, 0, 0);
  leftColumn->addWidget(m_list, 1);

  m_title->setObjectName(QStringLiteral("traceTitle"));
  m_title->setTextFormat(Qt::PlainText);
  m_title->setWordWrap(true);
  QFont titleFont = m_title->font();
  titleFont.setBold(true);
  m_title->setFont(titleFont);
  m_scroll->setWidget(m_sequence);
  m_scroll->viewport()->installEventFilter(this);  // its height is the diagram's to fit in
  m_scroll->setWidgetResizable(true);
  m_scroll->setFrameShape(QFrame::StyledPanel);
  m_sequence->setToolTip(tr("Time runs downwards, compressed: the times on the left are real. Bars are attempts and, "
                            "at services, requests (yellow: waiting in the queue; blue: work); hatched bars are "
                            "backoff waits. A red cross is a message lost; a diamond an effect, red when it ran "
                            "again."));
  // The sentence says what the picture shows: it stays in view under the diagram however far that scrolls.
  m_story->setObjectName(QStringLiteral("traceStory"));
  m_story->setTextFormat(Qt::PlainText);  // scenario names are untrusted: never rich text
  m_story->setWordWrap(true);
  m_story->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_legend->setObjectName(QStringLiteral("traceLegend"));
  m_legend->setTextFormat(Qt::PlainText);
  m_legend->setWordWrap(true);
  m_legend->setForegroundRole(QPalette::PlaceholderText);
  m_legend->setText(tr("Hatched: backoff wait · yellow: queued · blue: work · ✕ a lost message · ◆ an effect, red "
                       "when it ran again · dashed arrow: a reply too late"));

  auto* right = new QWidget;
  auto* rightColumn = new QVBoxLayout(right);
  rightColumn->setContentsMargins(0, 0, 0, 0);
  rightColumn->addWidget(m_title);
  rightColumn->addWidget(m_scroll, 1);
  rightColumn->addWidget(m_story);
  rightColumn->addWidget(m_legend);

  auto* split = m_split = new QSplitter(Qt::Horizontal);
  split->setObjectName(QStringLiteral("traceSplit"));
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 5);
  split->setChildrenCollapsible(false);
  // The diagram is what people look at: the list keeps about a third of the width (the header's stretch would
  // otherwise ask for most of it).
  split->setSizes({330, 670});

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 4, 0, 0);
  layout->addWidget(recordBox);
  layout->addWidget(m_note);
  layout->addWidget(split, 1);
  clear();
}

void TracesView::clear() {
  m_loaded = m_running = m_untraced = false;
  m_model->setDocuments({});
  const QSignalBlocker block(m_variant);
  m_variant->clear();
  m_variant->addItem(tr("all variants"));
  fitToContents(m_variant);
  showSelected();
  updateNote();
}

void TracesView::setData(const RunSession& session) {
  if (session.isEmpty()) return clear();
  m_running = !session.finished();
  if (m_running || m_loaded) return updateNote();
  // The run is over: each variant's traces, named as the trace files name them.
  std::vector<chaossim::traces::Document> docs;
  for (const VariantRun& run : session.runs()) {
    if (!run.snapshot || !run.snapshot->result || !run.snapshot->result->traces) continue;
    docs.push_back(chaossim::traces::make_document(*run.snapshot->result->traces, *run.scenario,
                                                   run.variant.toStdString(), run.scenario->seed));
  }
  m_loaded = true;
  m_untraced = docs.empty();
  {
    const QSignalBlocker block(m_variant);
    m_variant->clear();
    m_variant->addItem(tr("all variants"));
    for (const auto& d : docs) m_variant->addItem(QString::fromStdString(d.variant));
  }
  fitToContents(m_variant);
  m_model->setDocuments(std::move(docs));
  applyFilter();
}

void TracesView::applyFilter() {
  const auto filter = kFilters[std::clamp(m_filter->currentIndex(), 0, 3)];
  const int variant = m_variant->currentIndex() - 1;
  m_model->setFilter(filter, variant);
  fitToContents(m_operation);
  // One variant listed: its name in every row says nothing.
  m_list->setColumnHidden(TraceListModel::VariantColumn, variant >= 0 || m_model->documents().size() < 2);
  updateNote();
  selectRow(0);
}

void TracesView::selectRow(int row) {
  if (row >= 0 && row < m_model->rowCount()) m_list->selectRow(row);
  else m_list->clearSelection();
  showSelected();
}

void TracesView::showSelected() {
  const int row = m_list->selectionModel()->currentIndex().isValid() && m_list->selectionModel()->hasSelection()
                      ? m_list->selectionModel()->currentIndex().row()
                      : -1;
  const chaossim::traces::Operation* op = m_model->operation(row);
  // At a projector the title repeats the list's row and the legend is the tooltip's: the height goes to the
  // diagram and the sentence.
  m_title->setVisible(op != nullptr && !m_workshop);
  m_story->setVisible(op != nullptr);
  m_legend->setVisible(op != nullptr && !m_workshop);
  m_scroll->setVisible(op != nullptr);
  if (!op) {
    m_sequence->clear();
    m_title->clear();
    m_story->clear();
    return;
  }
  {
    const QSignalBlocker block(m_operation);
    m_operation->setCurrentIndex(row);
  }
  const chaossim::traces::Document& doc = *m_model->document(row);
  m_title->setText(tr("%1 · operation %2 (client %3): %4")
                       .arg(QString::fromStdString(doc.variant))
                       .arg(op->serial)
                       .arg(op->client)
                       .arg(TraceListModel::whatHappened(*op)));
  m_sequence->setDiagram(chaossim::traces::lay_out_sequence(*op));
  const std::string story = chaossim::traces::trace_story(*op);
  m_story->setText(story.empty() ? QString() : QString::fromStdString(story).left(1).toUpper() +
                                                   QString::fromStdString(story).mid(1));
}

void TracesView::updateNote() {
  QString note;
  if (!m_loaded && !m_running)
    note = tr("Run a scenario: the operations it traces are listed here when it ends.");
  else if (m_running)
    note = m_record->isChecked() ? tr("Tracing this run: the traced operations are listed when it ends.")
                                 : tr("Traces are listed when the run ends, if it records them.");
  else if (m_untraced)
    note = m_record->isChecked() ? tr("This run recorded no traces. Record traces is on now: press Run (F5) again.")
                                 : tr("This run recorded no traces: turn on Record traces and run again.");
  else if (m_model->rowCount() == 0) {
    const int v = m_variant->currentIndex() - 1;
    note = tr("No traced operation of %1 %2 (%3 traced in all).")
               .arg(v >= 0 ? m_variant->currentText() : tr("any variant"),
                    filterWords(kFilters[std::clamp(m_filter->currentIndex(), 0, 3)]))
               .arg(m_model->operationCount());
  }
  m_note->setText(note);
  m_note->setVisible(!note.isEmpty());
}

void TracesView::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::FontChange)
    for (QComboBox* box : {m_filter, m_variant, m_operation}) fitToContents(box);
}

bool TracesView::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_scroll->viewport() && event->type() == QEvent::Resize)
    m_sequence->setAvailableHeight(m_scroll->viewport()->height());
  return QWidget::eventFilter(watched, event);
}

QString TracesView::storyText() const { return m_story->text(); }

QString TracesView::noteText() const { return m_note->isHidden() ? QString() : m_note->text(); }

void TracesView::setWorkshopMode(bool on) {
  m_workshop = on;
  // At 1.6 times the text, a 1280-pixel projector leaves the tab little width: the list gives way to a box over
  // the diagram that chooses the operation (the sentence says what happened), and the diagram takes the width.
  m_split->widget(0)->setVisible(!on);
  m_operation->setVisible(on);
  // The window sets the larger font first, but a widget may see its font change before the boxes in it do.
  for (QComboBox* box : {m_filter, m_variant, m_operation}) fitToContents(box);
  m_sequence->updateGeometry();
  showSelected();
}
