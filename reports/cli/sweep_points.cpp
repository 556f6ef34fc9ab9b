#include "cli/sweep_points.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <thread>

#include "core/printable.h"

namespace chaossim {

std::size_t SweepPlan::size() const {
  std::size_t n = 1;
  for (const SweepAxis& a : axes) n *= a.values.size();
  return n;
}

std::vector<const nlohmann::json*> SweepPlan::values(std::size_t point) const {
  std::vector<const nlohmann::json*> out(axes.size());
  for (std::size_t a = axes.size(); a-- > 0;) {
    out[a] = &axes[a].values[point % axes[a].values.size()];
    point /= axes[a].values.size();
  }
  return out;
}

std::vector<Override> SweepPlan::overrides(std::size_t point) const {
  std::vector<Override> out = base;
  const auto at = values(point);
  for (std::size_t a = 0; a < axes.size(); ++a) out.emplace_back(axes[a].path, *at[a]);
  return out;
}

std::string SweepPlan::describe(std::size_t point, std::string_view separator) const {
  std::string out;
  const auto at = values(point);
  for (std::size_t a = 0; a < axes.size(); ++a) {
    if (a) out += separator;
    out += describe_value(axes[a].path, *at[a]);
  }
  return out;
}

std::string SweepPlan::describe_value(const std::string& path, const nlohmann::json& value) {
  return printable(path + "=" + (value.is_string() ? value.get<std::string>() : value.dump()));
}

std::string SweepPlan::folder(std::size_t point) {
  char name[32];
  std::snprintf(name, sizeof name, "point-%03zu", point + 1);
  return name;
}

std::vector<BuiltPoint> build_each(const ScenarioDocument& document, std::size_t count,
                                   const std::function<std::vector<Override>(std::size_t)>& overrides_of,
                                   unsigned jobs, bool keep, const std::atomic<bool>& cancel) {
  std::vector<BuiltPoint> out(count);
  std::atomic<std::size_t> next{0};
  // build_scenario only reads the document, so threads share it; each writes its own slots.
  const auto work = [&] {
    for (std::size_t i; !cancel.load() && (i = next.fetch_add(1)) < count;) {
      LoadResult r = build_scenario(document, overrides_of(i));
      BuiltPoint& p = out[i];
      p.built = true;
      if (!r.ok())
        p.errors = std::move(r.errors);
      else if (keep)
        p.scenario = std::make_shared<const Scenario>(std::move(*r.scenario));
    }
  };
  const std::size_t threads =
      std::clamp<std::size_t>(jobs ? jobs : std::thread::hardware_concurrency(), 1, std::max<std::size_t>(count, 1));
  {
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }  // joined here, before `out` is returned
  return out;
}

std::vector<BuiltPoint> build_points(const ScenarioDocument& document, const SweepPlan& plan, std::size_t first,
                                     std::size_t last, unsigned jobs, bool keep, const std::atomic<bool>& cancel) {
  return build_each(
      document, last - first, [&](std::size_t i) { return plan.overrides(first + i); }, jobs, keep, cancel);
}

std::size_t points_per_batch(const ScenarioDocument& document, std::size_t points, unsigned jobs,
                             std::size_t budget_bytes) {
  // Measured on a document of 100 KB (256 services, 1,000 faults): a point holds about 190 KB once built and
  // 2.2 MB while its batch runs, mostly its aggregated metrics per service and edge; 20 bytes per byte of the
  // document. With the default budget (256 MB) a lesson of 4 KB runs about 3,000 points per batch.
  constexpr std::size_t kBytesPerDocumentByte = 20;
  const std::size_t per_point = std::max<std::size_t>(document.json.dump().size(), 1) * kBytesPerDocumentByte;
  const std::size_t at_least = std::max<std::size_t>(jobs ? jobs : std::thread::hardware_concurrency(), 1);
  return std::clamp(budget_bytes / per_point, std::min(at_least, points), std::max<std::size_t>(points, 1));
}

std::shared_ptr<const Scenario> record_of(const Scenario& s) {
  auto record = std::make_shared<Scenario>();
  record->name = s.name;
  record->title = s.title;
  record->description = s.description;
  record->tags = s.tags;
  record->seed = s.seed;
  record->duration = s.duration;
  record->warmup = s.warmup;
  record->bucket = s.bucket;
  // What the manifest's fault bands need (fault_bands, html/system_words.h): the faults and the names they target.
  record->faults = s.faults;
  for (const ServiceConfig& service : s.services) record->services.emplace_back().name = service.name;
  for (const EdgeConfig& edge : s.edges) record->edges.emplace_back().name = edge.name;
  return record;
}

}  // namespace chaossim
