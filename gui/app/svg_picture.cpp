#include "app/svg_picture.h"

#include <algorithm>

#include <QPainter>
#include <QtMath>  // qCeil
#include <QSvgRenderer>

namespace {

// Graphviz sizes its drawing in points: at 96 dpi a point is 4/3 of a pixel.
constexpr double kPixelsPerPoint = 96.0 / 72.0;

}  // namespace

SvgPicture::SvgPicture(QWidget* parent) : QWidget(parent), m_renderer(new QSvgRenderer(this)) {
  QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
  policy.setHeightForWidth(true);
  setSizePolicy(policy);
}

bool SvgPicture::setSvg(const QByteArray& svg) {
  const bool ok = !svg.isEmpty() && m_renderer->load(svg);
  if (!ok) m_renderer->load(QByteArray());
  m_renderer->setAspectRatioMode(Qt::KeepAspectRatio);
  updateGeometry();
  update();
  return ok;
}

bool SvgPicture::isEmpty() const { return !m_renderer->isValid() || m_renderer->viewBoxF().isEmpty(); }

void SvgPicture::setMaxScale(double scale) {
  m_maxScale = std::max(0.1, scale);
  updateGeometry();
  update();
}

QSizeF SvgPicture::naturalSize() const {
  if (isEmpty()) return {};
  return m_renderer->viewBoxF().size() * kPixelsPerPoint;
}

QSizeF SvgPicture::drawnSize(int width) const {
  const QSizeF natural = naturalSize();
  if (natural.isEmpty() || width <= 0) return {};
  const double scale = std::min(m_maxScale, width / natural.width());
  return natural * scale;
}

int SvgPicture::heightForWidth(int width) const { return qCeil(drawnSize(width).height()); }

QSize SvgPicture::sizeHint() const {
  const QSizeF natural = naturalSize();
  return natural.isEmpty() ? QSize(0, 0) : natural.toSize();
}

QSize SvgPicture::minimumSizeHint() const { return {0, 0}; }

void SvgPicture::paintEvent(QPaintEvent*) {
  if (isEmpty()) return;
  const QSizeF size = drawnSize(width());
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  // Centred across the width, from the top.
  m_renderer->render(&painter, QRectF(QPointF((width() - size.width()) / 2, 0), size));
}
