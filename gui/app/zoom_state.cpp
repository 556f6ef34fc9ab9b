#include "app/zoom_state.h"

#include <cmath>

namespace {
// Below this span a range is a click, not a zoom.
constexpr double kMinSpan = 1e-6;
}

ZoomState::ZoomState(QObject* parent) : QObject(parent) {}

void ZoomState::zoomTo(double from, double to) {
  if (!(std::isfinite(from) && std::isfinite(to)) || to - from < kMinSpan) return;
  m_stack.emplace_back(from, to);
  emit changed();
}

void ZoomState::panTo(double from, double to) {
  if (!isZoomed() || !(std::isfinite(from) && std::isfinite(to)) || to - from < kMinSpan) return;
  m_stack.back() = {from, to};
  emit changed();
}

void ZoomState::zoomOut() {
  if (m_stack.empty()) return;
  m_stack.pop_back();
  emit changed();
}

void ZoomState::reset() {
  if (m_stack.empty()) return;
  m_stack.clear();
  emit changed();
}
