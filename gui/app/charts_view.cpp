#include "app/charts_view.h"

#include <algorithm>

#include <QGridLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>
#include <QtCharts/QChart>

#include "app/chart_panel.h"
#include "app/run_session.h"
#include "app/zoom_state.h"

namespace {

bool sameCharts(const std::vector<chaossim::ChartSpec>& specs, const QList<ChartPanel*>& panels) {
  if (specs.size() != static_cast<std::size_t>(panels.size())) return false;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const chaossim::ChartSpec& shown = panels[static_cast<qsizetype>(i)]->spec();
    if (shown.id != specs[i].id || shown.series.size() != specs[i].series.size()) return false;
    for (std::size_t s = 0; s < specs[i].series.size(); ++s)
      if (shown.series[s].column != specs[i].series[s].column) return false;
  }
  return true;
}

}  // namespace

ChartsView::ChartsView(QWidget* parent)
    : QWidget(parent), m_zoom(new ZoomState(this)), m_grid(new QWidget), m_layout(new QGridLayout(m_grid)),
      m_placeholder(new QLabel(this)) {
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
  connect(m_zoom, &ZoomState::changed, this, [this] {
    for (ChartPanel* p : m_panels) p->applyZoom();
  });
}

void ChartsView::setData(const RunSession& session) {
  const std::vector<chaossim::ChartData> runs = session.chartData();
  if (runs.empty()) return clear();
  std::vector<chaossim::ChartSpec> specs = chaossim::standard_charts(session.columns());
  // Once the run is over, lines that never left zero (breakers of edges without one) only clutter the legend.
  if (session.finished())
    for (chaossim::ChartSpec& spec : specs) spec = chaossim::without_silent_series(spec, runs);
  const chaossim::FaultWindows windows = session.faultWindows();
  m_span = 0;
  for (const VariantRun& run : session.runs()) m_span = std::max(m_span, run.scenario->duration.seconds_f());
  QStringList variants;
  for (const chaossim::ChartData& d : runs) variants << QString::fromStdString(d.variant);

  // The final snapshot gets charts built from the complete data, so whatever build_chart decides from the data
  // as a whole (markers on short series, say) is decided on all of it, not on the first bucket.
  if (variants != m_variants || !sameCharts(specs, m_panels) || session.finished() != m_builtFinished) {
    m_variants = variants;
    m_builtFinished = session.finished();
    rebuild(specs, runs, windows);
    return;
  }
  for (qsizetype i = 0; i < m_panels.size(); ++i) {
    ChartPanel* panel = m_panels[i];
    panel->setTimeSpan(0, m_span);
    const chaossim::ChartSpec& spec = specs[static_cast<std::size_t>(i)];
    if (chaossim::update_chart(panel->chart(), spec, runs, windows)) panel->dataUpdated();
    else panel->showChart(chaossim::build_chart(spec, runs, windows, m_style), spec);
  }
}

void ChartsView::rebuild(const std::vector<chaossim::ChartSpec>& specs, const std::vector<chaossim::ChartData>& runs,
                         const chaossim::FaultWindows& windows) {
  qDeleteAll(m_panels);
  m_panels.clear();
  for (const chaossim::ChartSpec& spec : specs) {
    auto* panel = new ChartPanel(m_zoom, m_grid);
    panel->setTimeSpan(0, m_span);
    panel->showChart(chaossim::build_chart(spec, runs, windows, m_style), spec);
    m_panels << panel;
  }
  layoutPanels();
  m_placeholder->setVisible(m_panels.isEmpty());
  m_scroll->setVisible(!m_panels.isEmpty());
}

void ChartsView::layoutPanels() {
  // Two charts a row on a desk; at a projector one a row, tall enough for the large fonts.
  const int columns = m_workshop ? 1 : 2;
  for (ChartPanel* panel : m_panels) m_layout->removeWidget(panel);
  for (qsizetype i = 0; i < m_panels.size(); ++i) {
    m_panels[i]->setMinimumHeight(m_workshop ? 400 : 220);
    m_layout->addWidget(m_panels[i], static_cast<int>(i) / columns, static_cast<int>(i) % columns);
  }
  for (int row = 0; row < m_layout->rowCount(); ++row) m_layout->setRowStretch(row, 1);
}

void ChartsView::setPlaceholderText(const QString& text) { m_placeholder->setText(text); }

void ChartsView::clear() {
  qDeleteAll(m_panels);
  m_panels.clear();
  m_variants.clear();
  m_builtFinished = false;
  m_zoom->reset();
  m_placeholder->setVisible(true);
  m_scroll->setVisible(false);
}

void ChartsView::setWorkshopMode(bool on) {
  m_workshop = on;
  m_style = on ? chaossim::ChartStyle::workshop() : chaossim::ChartStyle::normal();
  for (ChartPanel* panel : m_panels) chaossim::apply_chart_style(panel->chart(), m_style);
  layoutPanels();
}
