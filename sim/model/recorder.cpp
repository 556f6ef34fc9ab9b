#include "model/recorder.h"

#include <algorithm>
#include <limits>

namespace chaossim {

SeriesLayout make_series_layout(const Scenario& s) {
  SeriesLayout l;
  for (std::string_view name : series::kRunColumnNames) l.names.emplace_back(name);
  l.effects = l.names.size();
  for (const std::string& e : s.effects)
    for (std::size_t c = 0; c < series::kEffectColumns; ++c)
      l.names.push_back(series::effect_column(e, static_cast<series::EffectColumn>(c)));
  l.services = l.names.size();
  for (const ServiceConfig& svc : s.services)
    for (std::size_t c = 0; c < series::kServiceColumns; ++c)
      l.names.push_back(series::service_column(svc.name, static_cast<series::ServiceColumn>(c)));
  l.edges = l.names.size();
  for (const EdgeConfig& e : s.edges)
    for (std::size_t c = 0; c < series::kEdgeColumns; ++c)
      l.names.push_back(series::edge_column(e.name, static_cast<series::EdgeColumn>(c)));
  // Instances last, and only of services with several: a version-1 scenario's columns are as they were.
  for (const ServiceConfig& svc : s.services) {
    if (svc.instances < 2) {
      l.instance_groups.push_back(SeriesLayout::kNoColumns);
      continue;
    }
    l.instance_groups.push_back(l.names.size());
    for (std::uint32_t i = 0; i < svc.instances; ++i)
      for (std::size_t c = 0; c < series::kInstanceColumns; ++c)
        l.names.push_back(series::instance_column(svc.name, i, static_cast<series::InstanceColumn>(c)));
  }
  return l;
}

Recorder::Recorder(const Scenario& scenario)
    : m_layout(make_series_layout(scenario)), m_undoes(scenario.effect_undoes) {
  m_undoes.resize(scenario.effects.size(), Step::kNone);
  for (const std::uint32_t u : m_undoes) m_has_undo |= u != Step::kNone;
  const std::int64_t b = scenario.bucket.ns > 0 ? scenario.bucket.ns : 1;
  m_buckets = static_cast<std::size_t>((scenario.duration.ns + b - 1) / b);
  if (m_buckets == 0) m_buckets = 1;
  m_series.assign(m_buckets * m_layout.names.size(), 0.0);
  const std::size_t width = m_layout.names.size();
  for (std::size_t i = 0; i < m_buckets; ++i) {
    double* row = &m_series[i * width];
    const std::int64_t start = static_cast<std::int64_t>(i) * b;
    row[series::kTime] = static_cast<double>(start) / 1e9;
    row[series::kTimeEnd] = static_cast<double>(std::min(start + b, scenario.duration.ns)) / 1e9;
    // A bucket in which no operation succeeded has no latency percentiles: NaN (an empty cell), not 0 ms.
    row[series::kLatencyP50] = row[series::kLatencyP99] = std::numeric_limits<double>::quiet_NaN();
  }
  for (PhaseTotals& p : m_phases) {
    p.effect_executed.assign(scenario.effects.size(), 0);
    p.effect_duplicates.assign(scenario.effects.size(), 0);
    p.effect_ops_duplicated.assign(scenario.effects.size(), 0);
    p.services.assign(scenario.services.size(), ServiceTotals{});
    p.edges.assign(scenario.edges.size(), EdgeTotals{});
    std::size_t instances = 0;
    for (const ServiceConfig& svc : scenario.services) instances += svc.instances;
    p.instances.assign(instances, InstanceTotals{});
  }
  set_bucket(0);
}

void Recorder::close_bucket_latency() {
  if (m_bucket_latency.count() == 0) return;  // nothing to reset either
  m_row[m_layout.latency_p50] = m_bucket_latency.quantile_ns(0.5) * 1e-9;
  m_row[m_layout.latency_p99] = m_bucket_latency.quantile_ns(0.99) * 1e-9;
  m_bucket_latency.clear();
}

}  // namespace chaossim
