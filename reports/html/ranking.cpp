#include "html/ranking.h"

#include <cmath>

#include "html/metric_info.h"  // better_direction

namespace chaossim {

std::set<std::size_t> best_configurations(const std::string& metric,
                                          const std::vector<std::optional<Estimate>>& values) {
  std::set<std::size_t> best;
  const Better dir = better_direction(metric);
  if (dir == Better::neither) return best;
  std::optional<std::size_t> top;
  std::size_t present = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i] || std::isnan(values[i]->mean)) continue;
    ++present;
    const double v = values[i]->mean, t = top ? values[*top]->mean : 0;
    if (!top || (dir == Better::lower ? v < t : v > t)) top = i;
  }
  if (present < 2) return best;
  bool someone_worse = false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i] || std::isnan(values[i]->mean)) continue;
    if (i == *top || !significantly_different(*values[i], *values[*top]))
      best.insert(i);
    else
      someone_worse = true;
  }
  if (!someone_worse) best.clear();
  return best;
}

std::string best_legend(std::size_t replications, const std::string& noun) {
  if (replications < 2)
    return "With one replication no difference can be shown to be more than chance, so no " + noun +
           " is marked best: run with --replications 5 or more for a ranking.";
  return "★ marks the best " + noun + ", and any not significantly different from it, where another is "
         "significantly worse (Welch's t-test, 95%).";
}

}  // namespace chaossim
