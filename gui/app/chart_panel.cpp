#include "app/chart_panel.h"

#include <algorithm>
#include <cmath>

#include <QMouseEvent>
#include <QToolTip>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include "app/live_chart.h"
#include "app/zoom_state.h"
#include "charts/qt_chart.h"

namespace {

QValueAxis* timeAxis(QChart* chart) {
  if (!chart) return nullptr;
  const auto axes = chart->axes(Qt::Horizontal);
  return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(axes.front());
}

QList<QLineSeries*> linesOf(QChart* chart) {
  QList<QLineSeries*> out;
  if (!chart) return out;
  for (QAbstractSeries* s : chart->series())
    if (auto* line = qobject_cast<QLineSeries*>(s); line && line->isVisible()) out << line;
  return out;
}

}  // namespace

ChartPanel::ChartPanel(ZoomState* zoom, QWidget* parent) : QChartView(parent), m_zoom(zoom) {
  setRenderHint(QPainter::Antialiasing);
  setRubberBand(QChartView::HorizontalRubberBand);
  setMouseTracking(true);
  setMinimumSize(320, 220);
  setStatusTip(tr("Hover for values. Drag or wheel to zoom, Shift+drag to pan, right click to zoom out, double click "
                  "to show everything."));
}

ChartPanel::~ChartPanel() {
  m_live.reset();
  delete chart();
}

void ChartPanel::showChart(QChart* chart, const chaossim::ChartSpec& spec, std::vector<std::string> variants,
                           std::size_t totalBuckets) {
  QChart* previous = this->chart();
  m_live.reset();
  setChart(chart);  // the view does not delete the chart it replaces
  delete previous;
  m_spec = spec;
  m_live = std::make_unique<LiveChart>(chart, spec, std::move(variants), totalBuckets);
  setObjectName(QStringLiteral("chart-") + QString::fromStdString(spec.id));
  chart->legend()->setShowToolTips(true);  // a legend squeezed into a small chart elides its names
  dataUpdated();
}

void ChartPanel::setTimeSpan(double from, double to) {
  m_spanFrom = from;
  m_spanTo = to;
}

void ChartPanel::dataUpdated() {
  if (QValueAxis* x = timeAxis(chart())) {
    m_fullFrom = m_spanTo > m_spanFrom ? m_spanFrom : x->min();
    m_fullTo = m_spanTo > m_spanFrom ? m_spanTo : x->max();
  }
  applyZoom();
}

void ChartPanel::applyZoom() {
  QValueAxis* x = timeAxis(chart());
  if (!x) return;
  if (m_zoom->isZoomed()) chaossim::set_time_axis_range(x, m_zoom->from(), m_zoom->to());
  else chaossim::set_time_axis_range(x, m_fullFrom, m_fullTo);
  // A long run is drawn with fewer points than buckets: zoomed, the range shown is drawn again at full detail.
  if (m_live)
    m_live->showRange(m_zoom->isZoomed() ? std::optional(std::pair(m_zoom->from(), m_zoom->to())) : std::nullopt);
}

std::pair<double, double> ChartPanel::visibleRange() const {
  QValueAxis* x = timeAxis(chart());
  return x ? std::pair{x->min(), x->max()} : std::pair{m_fullFrom, m_fullTo};
}

double ChartPanel::valueAt(QPointF position) const {
  const QList<QLineSeries*> lines = linesOf(chart());
  const QPointF scene = mapToScene(position.toPoint());
  const QPointF inChart = chart()->mapFromScene(scene);
  return lines.isEmpty() ? 0.0 : chart()->mapToValue(inChart, lines.front()).x();
}

QString ChartPanel::hoverText(double x) const {
  double at = x;
  const QStringList rows = m_live ? m_live->hoverRows(x, &at) : QStringList();
  if (rows.isEmpty()) return {};
  return tr("t = %1 s").arg(at, 0, 'g', 6) + QLatin1Char('\n') + rows.join(QLatin1Char('\n'));
}

void ChartPanel::mousePressEvent(QMouseEvent* event) {
  const bool pan = event->button() == Qt::MiddleButton ||
                   (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
  if (pan && m_zoom->isZoomed()) {
    m_panning = true;
    m_panAnchor = valueAt(event->position());
    setCursor(Qt::ClosedHandCursor);
    event->accept();
    return;
  }
  QChartView::mousePressEvent(event);
}

void ChartPanel::mouseMoveEvent(QMouseEvent* event) {
  if (m_panning) {
    // Keep the time that was grabbed under the cursor.
    const double shift = m_panAnchor - valueAt(event->position());
    const auto [from, to] = visibleRange();
    m_zoom->panTo(from + shift, to + shift);
    event->accept();
    return;
  }
  // A value tooltip follows the cursor across the plot once shown, and goes when the cursor leaves the plot.
  if (QToolTip::isVisible()) {
    if (inPlot(event->position())) QToolTip::showText(event->globalPosition().toPoint(), hoverText(valueAt(event->position())), this);
    else QToolTip::hideText();
  }
  QChartView::mouseMoveEvent(event);
}

bool ChartPanel::viewportEvent(QEvent* event) {
  // Over the plot, the tooltip is the values at that time; elsewhere (the legend) the chart's own tooltips.
  if (event->type() == QEvent::ToolTip) {
    const auto* help = static_cast<QHelpEvent*>(event);
    if (inPlot(help->pos())) {
      QToolTip::showText(help->globalPos(), hoverText(valueAt(help->pos())), this);
      return true;
    }
  }
  return QChartView::viewportEvent(event);
}

bool ChartPanel::inPlot(QPointF position) const {
  return chart() && chart()->plotArea().contains(chart()->mapFromScene(mapToScene(position.toPoint())));
}

void ChartPanel::mouseReleaseEvent(QMouseEvent* event) {
  if (m_panning) {
    m_panning = false;
    unsetCursor();
    event->accept();
    return;
  }
  if (event->button() == Qt::RightButton) {
    m_zoom->zoomOut();
    event->accept();
    return;
  }
  const auto before = visibleRange();
  QChartView::mouseReleaseEvent(event);  // a finished rubber band zooms this chart in
  const auto after = visibleRange();
  if (after != before) m_zoom->zoomTo(after.first, after.second);
}

void ChartPanel::mouseDoubleClickEvent(QMouseEvent* event) {
  m_zoom->reset();
  event->accept();
}

void ChartPanel::wheelEvent(QWheelEvent* event) {
  const double notches = event->angleDelta().y() / 120.0;
  if (notches == 0) return;
  const double factor = std::pow(0.8, notches);
  const double centre = valueAt(event->position());
  const auto [from, to] = visibleRange();
  double newFrom = centre - (centre - from) * factor, newTo = centre + (to - centre) * factor;
  if (newTo - newFrom >= m_fullTo - m_fullFrom) {
    m_zoom->reset();
  } else {
    newFrom = std::max(newFrom, m_fullFrom);
    newTo = std::min(newTo, m_fullTo);
    if (m_zoom->isZoomed()) m_zoom->panTo(newFrom, newTo);
    else m_zoom->zoomTo(newFrom, newTo);
  }
  event->accept();
}

void ChartPanel::leaveEvent(QEvent* event) {
  QToolTip::hideText();
  QChartView::leaveEvent(event);
}
