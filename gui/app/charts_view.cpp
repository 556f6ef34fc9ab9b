#include "app/charts_view.h"

#include <algorithm>

#include <QAction>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtCharts/QChart>

#include "app/chart_legend.h"
#include "app/chart_panel.h"
#include "app/live_chart.h"
#include "app/run_session.h"
#include "app/zoom_state.h"

namespace {

bool sameCharts(const std::vector<chaossim::ChartSpec>& a, const std::vector<chaossim::ChartSpec>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].id != b[i].id || a[i].series.size() != b[i].series.size()) return false;
    for (std::size_t s = 0; s < a[i].series.size(); ++s)
      if (a[i].series[s].column != b[i].series[s].column) return false;
  }
  return true;
}

}  // namespace

ChartsView::ChartsView(QWidget* parent)
    : QWidget(parent), m_zoom(new ZoomState(this)), m_grid(new QWidget), m_layout(new QGridLayout(m_grid)),
      m_placeholder(new QLabel(this)), m_quietNote(new QLabel(this)),
      m_logLatency(new QAction(tr("&Latency on a log scale"), this)) {
  setObjectName(QStringLiteral("chartsView"));
  m_layout->setContentsMargins(0, 0, 0, 0);
  m_layout->setSpacing(6);
  auto* scroll = new QScrollArea(this);
  m_scroll = scroll;
  scroll->setWidget(m_grid);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  m_placeholder->setAlignment(Qt::AlignCenter);
  m_placeholder->setWordWrap(true);
  m_placeholder->setText(tr("Open a lesson from the library (or File ▸ Open, or drop a .json file here) and press Run."));
  m_placeholder->setForegroundRole(QPalette::PlaceholderText);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_placeholder, 1);
  layout->addWidget(scroll, 1);
  scroll->hide();
  // Under the charts rather than in their grid: it stays in view however far the charts are scrolled.
  m_quietNote->setObjectName(QStringLiteral("quietCharts"));
  m_quietNote->setTextFormat(Qt::PlainText);
  m_quietNote->setWordWrap(true);
  m_quietNote->setForegroundRole(QPalette::PlaceholderText);
  m_quietNote->hide();
  layout->addWidget(m_quietNote);

  m_logLatency->setObjectName(QStringLiteral("logLatencyAction"));
  m_logLatency->setCheckable(true);
  m_logLatency->setIconText(tr("log scale"));
  m_logLatency->setToolTip(tr("Latency on a logarithmic scale: milliseconds and seconds readable on one chart"));
  connect(m_logLatency, &QAction::toggled, this, &ChartsView::applyLogScale);
  m_align.setSingleShot(true);
  connect(&m_align, &QTimer::timeout, this, &ChartsView::alignPlotAreas);
  m_buildNext.setSingleShot(true);
  m_buildNext.setInterval(0);  // the next turn of the event loop: input and painting go first
  connect(&m_buildNext, &QTimer::timeout, this, &ChartsView::addNextPanel);
  connect(m_zoom, &ZoomState::changed, this, [this] {
    for (ChartPanel* p : m_panels) p->applyZoom();
  });
}

void ChartsView::setData(const RunSession& session) {
  std::vector<std::string> variants;
  std::size_t totalBuckets = 0;
  double warmup = 0;
  m_span = 0;
  m_feed.clear();
  m_feedBucketSeconds.clear();
  for (const VariantRun& run : session.runs()) {
    if (!run.snapshot) continue;
    m_feed.push_back(run.snapshot);
    m_feedBucketSeconds.push_back(run.scenario->bucket.seconds_f());
    variants.push_back(run.snapshot->variant);
    totalBuckets = std::max(totalBuckets, run.snapshot->total_buckets);
    m_span = std::max(m_span, run.scenario->duration.seconds_f());
    if (m_feed.size() == 1) warmup = run.scenario->warmup.seconds_f();
  }
  if (m_feed.empty()) return clear();
  const std::vector<chaossim::ChartSpec> specs = chaossim::standard_charts(session.columns());
  const chaossim::FaultBands bands = session.faultBands();
  QStringList names;
  for (const std::string& v : variants) names << QString::fromStdString(v);

  // New charts only when the set of charts or variants changed (a new run); otherwise the buckets that are new
  // since the last update are appended to the charts shown.
  // Bands are made with the chart (one per fault label): a run with other faults needs new charts too.
  if (names != m_variants || !sameCharts(specs, m_specs) ||
      chaossim::band_labels(bands) != m_bandLabels) {
    m_variants = names;
    m_bandLabels = chaossim::band_labels(bands);
    m_finishedShown = false;
    rebuild(specs, variants, totalBuckets, warmup, bands);
  }
  m_bands = bands;
  for (ChartPanel* panel : m_panels) feed(panel);
  // Once the run is over, lines that never left zero (breakers of edges without one) only clutter the legend, and
  // a chart with nothing but zeros is a line of text. Not before: a quiet series may wake up later in the run.
  if (session.finished() && !m_finishedShown) finishRun(session);
  refreshLegends();  // entries appear with the first fault, and change when the run ends
}

void ChartsView::feed(ChartPanel* panel) {
  std::vector<const chaossim::Snapshot*> snapshots;
  for (const auto& s : m_feed) snapshots.push_back(s.get());
  panel->live()->update(snapshots, m_feedBucketSeconds, m_bands);
  if (panel->fullTo() != m_span) {
    panel->setTimeSpan(0, m_span);
    panel->dataUpdated();
  }
}

void ChartsView::finishRun(const RunSession& session) {
  // A run over before all its charts were made (a short one): the rest now, so the finished view is whole.
  while (building()) addNextPanel();
  m_finishedShown = true;
  for (ChartPanel* panel : m_panels) panel->live()->finish();
  collapseQuietCharts(session);
}

void ChartsView::removePanels() {
  m_buildNext.stop();
  m_specs.clear();
  m_nextSpec = 0;
  qDeleteAll(m_cells);  // each holds its panel and legend
  m_cells.clear();
  m_panels.clear();
  m_legends.clear();
  m_quiet.clear();
  m_quietNote->hide();
}

QList<ChartPanel*> ChartsView::shownPanels() const {
  QList<ChartPanel*> out;
  for (qsizetype i = 0; i < m_panels.size(); ++i)
    if (!m_quiet.value(i)) out << m_panels[i];
  return out;
}

void ChartsView::collapseQuietCharts(const RunSession& session) {
  const std::vector<chaossim::ChartData> variants = session.chartData();
  QStringList quiet, blank;
  for (qsizetype i = 0; i < m_panels.size(); ++i) {
    // The report's test (chart_spec.h), so the two collapse the same charts.
    m_quiet[i] = chaossim::all_zero(m_panels[i]->spec(), variants);
    // A chart without a single value was not measured (a live run's queues and breakers): not "zero".
    if (m_quiet[i])
      (chaossim::no_points(m_panels[i]->spec(), variants) ? blank : quiet)
          << QString::fromStdString(m_panels[i]->spec().title);
  }
  QStringList notes;
  if (!quiet.isEmpty())
    notes << (variants.size() > 1 ? tr("Zero throughout, in every variant (not drawn): %1.")
                                  : tr("Zero throughout the run (not drawn): %1."))
                 .arg(quiet.join(QStringLiteral("; ")));
  if (!blank.isEmpty())
    notes << tr("Not measured (not drawn): %1.").arg(blank.join(QStringLiteral("; ")));
  m_quietNote->setText(notes.join(QLatin1Char(' ')));
  m_quietNote->setVisible(!notes.isEmpty());
  if (!notes.isEmpty()) layoutPanels();
}

void ChartsView::applyLogScale() {
  for (ChartPanel* panel : m_panels)
    if (panel->spec().id == "latency") panel->live()->setLogScale(m_logLatency->isChecked());
}

void ChartsView::alignPlotAreas() {
  const QList<ChartPanel*> shown = shownPanels();
  // What the axes, their labels and titles take beside each plot, margins apart: the part that differs between
  // charts (a y label "30000" is wider than "100"). Each chart's margins make up the difference to the widest.
  std::vector<std::pair<double, double>> beside;
  double left = 0, right = 0;
  for (ChartPanel* panel : shown) {
    const QChart* chart = panel->chart();
    const QRectF plot = chart->plotArea();
    if (!plot.isValid() || plot.isEmpty()) return;  // not laid out yet: its plotAreaChanged comes back here
    const QMargins m = chart->margins();
    beside.emplace_back(plot.left() - m.left(), chart->size().width() - plot.right() - m.right());
    left = std::max(left, beside.back().first);
    right = std::max(right, beside.back().second);
  }
  for (qsizetype i = 0; i < shown.size(); ++i) {
    QChart* chart = shown[i]->chart();
    const QMargins m = chart->margins();
    const QMargins want(m_baseMargins.left() + qRound(left - beside[static_cast<std::size_t>(i)].first), m.top(),
                        m_baseMargins.right() + qRound(right - beside[static_cast<std::size_t>(i)].second), m.bottom());
    if (want != m) chart->setMargins(want);
  }
}

void ChartsView::refreshLegends() {
  for (qsizetype i = 0; i < m_panels.size(); ++i) {
    QString html = chartLegendHtml(m_panels[i]->chart());
    const QStringList& same = m_panels[i]->live()->sameNotes();
    if (!same.isEmpty()) html += QStringLiteral("<br><i>%1</i>").arg(tr("Drawn over one another: %1").arg(same.join(QStringLiteral("; "))));
    m_legends[i]->setText(html);
  }
}

void ChartsView::rebuild(const std::vector<chaossim::ChartSpec>& specs, const std::vector<std::string>& variants,
                         std::size_t totalBuckets, double warmupSeconds, const chaossim::FaultBands& bands) {
  removePanels();
  m_specs = specs;
  m_specVariants = variants;
  m_totalBuckets = totalBuckets;
  m_warmup = warmupSeconds;
  m_bands = bands;
  // The first chart at once (the first points appear with the first snapshot); the others in the next turns.
  if (!m_specs.empty()) addNextPanel();
  m_placeholder->setVisible(m_specs.empty());
  m_scroll->setVisible(!m_specs.empty());
}

void ChartsView::addNextPanel() {
  if (!building()) return;
  const chaossim::ChartSpec& spec = m_specs[m_nextSpec++];
  // The charts are made without data, named and styled; the live charts fill them.
  std::vector<chaossim::ChartData> named;
  for (const std::string& v : m_specVariants) {
    named.emplace_back();
    named.back().variant = v;
  }
  auto* cell = new QWidget(m_grid);
  auto* panel = new ChartPanel(m_zoom, cell);
  QChart* chart = chaossim::build_chart(spec, named, m_bands, m_style);
  chart->legend()->setVisible(false);  // the label under the chart is the legend: it wraps instead of eliding
  if (m_panels.isEmpty()) m_baseMargins = chart->margins();
  // Every layout change (a resize, wider y labels as the data grows) lines the plot areas up again, once the
  // charts have all been laid out.
  connect(chart, &QChart::plotAreaChanged, &m_align, qOverload<>(&QTimer::start));
  panel->showChart(chart, spec, m_specVariants, m_totalBuckets);
  panel->live()->setWarmup(m_warmup);
  if (spec.id == "latency") panel->live()->setLogScale(m_logLatency->isChecked());  // as the session last chose
  auto* legend = new QLabel(cell);
  legend->setObjectName(QStringLiteral("legend-") + QString::fromStdString(spec.id));
  legend->setTextFormat(Qt::RichText);
  legend->setWordWrap(true);
  legend->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
  auto* column = new QVBoxLayout(cell);
  column->setContentsMargins(0, 0, 0, 4);
  column->setSpacing(0);
  column->addWidget(panel, 1);
  if (spec.id == "latency") {
    // Where the eye is when a spike flattens everything else: the switch to a log scale, beside the legend.
    auto* row = new QHBoxLayout;
    row->addWidget(legend, 1);
    auto* logButton = new QToolButton(cell);
    logButton->setDefaultAction(m_logLatency);
    logButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    row->addWidget(logButton, 0, Qt::AlignTop);
    column->addLayout(row);
  } else {
    column->addWidget(legend);
  }
  m_cells << cell;
  m_legends << legend;
  m_panels << panel;
  m_quiet << false;
  if (!m_feed.empty()) feed(panel);
  else {
    panel->setTimeSpan(0, m_span);
    panel->dataUpdated();
  }
  layoutPanels();
  refreshLegends();
  if (building()) m_buildNext.start();
}

void ChartsView::layoutPanels() {
  // Two charts a row on a desk; at a projector one a row, tall enough for the large fonts.
  const int columns = m_workshop ? 1 : 2;
  for (QWidget* cell : m_cells) m_layout->removeWidget(cell);
  int shown = 0;
  for (qsizetype i = 0; i < m_cells.size(); ++i) {
    m_panels[i]->setMinimumHeight(m_workshop ? 400 : 220);
    m_legends[i]->setFont(m_panels[i]->chart()->legend()->font());  // the chart style's legend size
    m_cells[i]->setVisible(!m_quiet.value(i));
    if (m_quiet.value(i)) continue;
    m_layout->addWidget(m_cells[i], shown / columns, shown % columns);
    ++shown;
  }
  const int rows = (shown + columns - 1) / columns;
  for (int row = 0; row < m_layout->rowCount(); ++row) m_layout->setRowStretch(row, row < rows ? 1 : 0);
  m_align.start();
}

void ChartsView::setPlaceholderText(const QString& text) { m_placeholder->setText(text); }

void ChartsView::clear() {
  removePanels();
  m_variants.clear();
  m_finishedShown = false;
  m_zoom->reset();
  m_placeholder->setVisible(true);
  m_scroll->setVisible(false);
}

void ChartsView::setWorkshopMode(bool on) {
  m_workshop = on;
  m_style = on ? chaossim::ChartStyle::workshop() : chaossim::ChartStyle::normal();
  for (ChartPanel* panel : m_panels) chaossim::apply_chart_style(panel->chart(), m_style);
  layoutPanels();
  refreshLegends();
}
