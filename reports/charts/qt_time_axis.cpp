#include "charts/qt_time_axis.h"

#include <QtCharts/QCategoryAxis>
#include <QtCharts/QValueAxis>
#include <cmath>

namespace chaossim {

namespace {

// The title given to make_time_axis, for when the axis shows seconds again after h:mm.
const char* const kTimeTitleProperty = "chaossim_time_title";

// A tick step of 1, 2 or 5 times a power of ten giving at most about `ticks` intervals over `span`.
double nice_step(double span, int ticks) {
  if (span <= 0) return 1;
  const double raw = span / ticks;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0})
    if (m * power >= raw) return m * power;
  return 10 * power;
}

// "1:05" for 3,900 s: hours and minutes, for axes too long to read in seconds.
QString hours_minutes(double seconds) {
  const auto minutes = static_cast<long long>(std::llround(seconds / 60));
  return QStringLiteral("%1:%2").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

// A step of whole minutes or hours giving at most about `ticks` intervals over `span` seconds.
double clock_step(double span, int ticks) {
  for (const double minutes : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 180.0, 360.0, 720.0, 1440.0})
    if (span / (minutes * 60) <= ticks) return minutes * 60;
  return nice_step(span / 86400, ticks) * 86400;
}

// Labels a category time axis at round values of the range: seconds, or h:mm from kClockSpan on.
constexpr double kClockSpan = 1200;  // 20 minutes: 0…1200 s still reads well in seconds, an hour does not
void label_time_axis(QCategoryAxis* axis, double from, double to, int ticks) {
  for (const QString& label : axis->categoriesLabels()) axis->remove(label);
  const bool clock = to - from >= kClockSpan;
  const double step = clock ? clock_step(to - from, ticks) : nice_step(to - from, ticks);
  const QString title = axis->property(kTimeTitleProperty).toString();
  axis->setTitleText(clock ? QStringLiteral("time (h:mm)") : title);
  // A category ends after the axis's start: a start just before `from` lets a tick at `from` (0 s) be labelled.
  axis->setStartValue(from - step * 1e-6);
  for (double v = std::ceil(from / step) * step; v <= to + step * 1e-9; v += step) {
    QString label = clock ? hours_minutes(v) : QString::number(v, 'g', 10);
    axis->append(label, v);
  }
}

}  // namespace

QCategoryAxis* make_time_axis(const QString& title) {
  auto* axis = new QCategoryAxis();
  axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
  axis->setProperty(kTimeTitleProperty, title);
  axis->setTitleText(title);
  return axis;
}

void set_time_axis_range(QValueAxis* axis, double from, double to, int ticks) {
  auto* categories = qobject_cast<QCategoryAxis*>(axis);
  if (!(to > from)) {
    axis->setRange(from, to);
    return;
  }
  if (categories) {
    // Labels first, then the range: the categories decide the ticks, so no moment lays out a tick per 0.2 s.
    label_time_axis(categories, from, to, ticks);
    axis->setRange(from, to);
    return;
  }
  const double step = nice_step(to - from, ticks);
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0);
  // Widening: the coarser interval first, then the range; narrowing: the range first. Either way no moment has
  // more ticks than the old or the new range needs.
  if (step >= axis->tickInterval()) {
    axis->setTickInterval(step);
    axis->setRange(from, to);
  } else {
    axis->setRange(from, to);
    axis->setTickInterval(step);
  }
}

}  // namespace chaossim
