// Drawing a chart made by build_chart (qt_chart.h) into a document: an SVG for the report, a PNG for exports, and
// the offscreen application that headless drawing needs.
#include <QApplication>
#include <QBuffer>
#include <QGraphicsScene>
#include <QPainter>
#include <QSvgGenerator>  // Qt SVG: QPainter onto an SVG document
#include <QtCharts/QChart>
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "charts/qt_chart.h"
#include "charts/qt_legend_painter.h"

namespace chaossim {

namespace {

// Lays the chart out at `size` in a private scene and paints it; the chart is handed back to its owner after.
template <class Paint>
void paint_chart(QChart* chart, QSize size, Paint&& paint, const PlotMargins& plot = {}) {
  QGraphicsScene scene;
  QGraphicsScene* previous = chart->scene();
  if (previous) previous->removeItem(chart);
  scene.addItem(chart);
  chart->setGeometry(QRectF(QPointF(0, 0), QSizeF(size)));
  scene.setSceneRect(QRectF(QPointF(0, 0), QSizeF(size)));
  // Qt Charts lays out on posted LayoutRequest events; without an event loop they must be delivered here.
  QCoreApplication::sendPostedEvents();
  QCoreApplication::processEvents();
  const QMargins margins = chart->margins();
  if (plot.left > 0) {
    // The plot's sides moved to where they are asked by widening the chart's margins by the difference (the axis
    // labels keep their width). Labels wider than the margin leave the plot where Qt put it: never cut.
    const QRectF laid = chart->plotArea();
    QMargins wider = margins;
    wider.setLeft(std::max(0, margins.left() + plot.left - static_cast<int>(std::lround(laid.left()))));
    wider.setRight(std::max(0, margins.right() + static_cast<int>(std::lround(laid.right())) -
                                   (size.width() - plot.right)));
    chart->setMargins(wider);
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
  }
  paint(scene);
  chart->setMargins(margins);
  scene.removeItem(chart);
  if (previous) previous->addItem(chart);
}

}  // namespace

QByteArray svg_document(QSize size, const QString& title, const std::function<void(QPainter&)>& paint) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator svg;
  svg.setOutputDevice(&buffer);
  svg.setSize(size);
  svg.setViewBox(QRect(QPoint(0, 0), size));
  // Charts are laid out with the screen's 96 dpi font metrics; the SVG must size text the same way (its default,
  // 72 dpi, draws every label a quarter smaller than the space made for it).
  svg.setResolution(96);
  svg.setTitle(title);  // written as given
  {
    QPainter painter(&svg);
    painter.setRenderHint(QPainter::Antialiasing);
    paint(painter);
  }
  return bytes;
}

QByteArray render_svg(QChart* chart, QSize size, const PlotMargins& plot, bool legend_below) {
  QByteArray bytes;
  const bool legend_was_visible = chart->legend()->isVisible();
  const QFont legend_font = chart->legend()->font();
  int legend_height = 0;
  if (legend_below) {
    chart->legend()->setVisible(false);
    legend_height = wrapped_legend_height(chart, size.width(), legend_font);
  }
  const QSize document(size.width(), size.height() + legend_height);
  // The chart title is already escaped (chart_text).
  paint_chart(chart, size, [&](QGraphicsScene& scene) {
    bytes = svg_document(document, chart->title(), [&](QPainter& painter) {
      scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), scene.sceneRect());
      if (legend_height > 0)
        paint_wrapped_legend(painter, chart, QRect(0, size.height(), size.width(), legend_height), legend_font);
    });
  }, plot);
  chart->legend()->setVisible(legend_was_visible);
  return bytes;
}

QImage render_png(QChart* chart, QSize size, double device_pixel_ratio, const PlotMargins& plot) {
  QImage image(size * device_pixel_ratio, QImage::Format_ARGB32_Premultiplied);
  image.setDevicePixelRatio(device_pixel_ratio);
  image.fill(Qt::white);
  paint_chart(chart, size, [&](QGraphicsScene& scene) {
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), scene.sceneRect());
  }, plot);
  return image;
}

namespace {
int g_argc = 1;
char g_arg0[] = "chaossim";
char* g_argv[] = {g_arg0, nullptr};
}  // namespace

namespace {
QtMessageHandler g_previous_handler = nullptr;

// Headless runs (CLI, CI) have no session: Qt's note that XDG_RUNTIME_DIR is unset is noise there.
void quiet_headless_messages(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (message.startsWith(QStringLiteral("QStandardPaths: XDG_RUNTIME_DIR"))) return;
  if (g_previous_handler) g_previous_handler(type, context, message);
}
}  // namespace

OffscreenQtApp::OffscreenQtApp() {
  if (QCoreApplication::instance()) return;
  g_previous_handler = qInstallMessageHandler(quiet_headless_messages);
  const bool has_display = std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY");
  if (!has_display && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  m_owned = std::make_unique<QApplication>(g_argc, g_argv);
}

OffscreenQtApp::~OffscreenQtApp() {
  if (!m_owned) return;
  m_owned.reset();
  qInstallMessageHandler(g_previous_handler);
}

}  // namespace chaossim
