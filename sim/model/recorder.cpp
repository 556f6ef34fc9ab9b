#include "model/recorder.h"

namespace chaossim {

SeriesLayout make_series_layout(const Scenario& s) {
  SeriesLayout l;
  auto add = [&](std::string name) {
    l.names.push_back(std::move(name));
    return l.names.size() - 1;
  };
  add("time_s");
  l.ops = add("ops_started");
  l.attempts = add("attempts");
  l.retries = add("retries");
  l.succeeded = add("ops_succeeded");
  l.failed = add("ops_failed");
  l.degraded = add("ops_degraded");
  l.timeouts = add("timeouts");
  l.duplicates = add("duplicates");
  l.latency_p50 = add("latency_p50_s");
  l.latency_p99 = add("latency_p99_s");
  l.breaker_open_share = add("breaker_open_share");
  l.breaker_rejections = add("breaker_rejections");
  l.budget_denied = add("budget_denied");
  l.effects = l.names.size();
  for (const std::string& e : s.effects) {
    add("effects." + e + ".executed");
    add("effects." + e + ".duplicates");
  }
  l.services = l.names.size();
  for (const ServiceConfig& svc : s.services) {
    const std::string p = "services." + svc.name + ".";
    add(p + "requests");
    add(p + "queue");
    add(p + "queue_max");
    add(p + "utilization");
    add(p + "shed");
    add(p + "wasted");
  }
  l.edges = l.names.size();
  for (const EdgeConfig& e : s.edges) {
    add("edges." + e.name + ".attempts");
    add("edges." + e.name + ".breaker_open_share");
  }
  return l;
}

Recorder::Recorder(const Scenario& scenario) : m_layout(make_series_layout(scenario)) {
  const std::int64_t b = scenario.bucket.ns > 0 ? scenario.bucket.ns : 1;
  m_buckets = static_cast<std::size_t>((scenario.duration.ns + b - 1) / b);
  if (m_buckets == 0) m_buckets = 1;
  m_series.assign(m_buckets * m_layout.names.size(), 0.0);
  for (std::size_t i = 0; i < m_buckets; ++i)
    m_series[i * m_layout.names.size()] = static_cast<double>(static_cast<std::int64_t>(i) * b) / 1e9;
  for (PhaseTotals& p : m_phases) {
    p.effect_executed.assign(scenario.effects.size(), 0);
    p.effect_duplicates.assign(scenario.effects.size(), 0);
    p.effect_ops_duplicated.assign(scenario.effects.size(), 0);
    p.services.assign(scenario.services.size(), ServiceTotals{});
    p.edges.assign(scenario.edges.size(), EdgeTotals{});
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
