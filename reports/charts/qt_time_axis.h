#pragma once
// Time axes of the standard charts: ticks at round values, a handful of them, labelled in seconds or, on spans of
// 20 minutes or more, in hours and minutes ("1:30"), so a 12-hour run does not read as 43,200 seconds.

#include <QString>

QT_BEGIN_NAMESPACE
class QCategoryAxis;
class QValueAxis;
QT_END_NAMESPACE

namespace chaossim {

// A time axis titled `title` (as given: escape it first) while it shows seconds, "time (h:mm)" while it shows
// hours and minutes. A QCategoryAxis is a QValueAxis: zoom and range code treat it as one.
QCategoryAxis* make_time_axis(const QString& title);

// Sets a time axis to [from, to] with ticks at round values, about `ticks` of them: seconds, or whole minutes or
// hours labelled h:mm on a span of 20 minutes or more (a QCategoryAxis from build_chart; a plain QValueAxis keeps
// numbers). The order of the calls matters: a range set while the old tick interval is in force makes Qt lay out
// every tick that interval gives (0 to 3600 s at the 0.2 s interval of an empty chart: 18,000 tick items, per
// update).
void set_time_axis_range(QValueAxis* axis, double from, double to, int ticks = 8);

}  // namespace chaossim
