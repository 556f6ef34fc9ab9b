// The second validation pass: from a document whose shape was checked (or reported) to the resolved Scenario.
// Values are read silently here (check_shape already explained bad ones); this pass reports what depends on
// meaning: names that refer to nothing, keys that do not apply to the chosen type, cycles, and bounds on work.

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "metrics/metric_registry.h"  // the metric names an expectation may use, and their phases
#include "metrics/summary.h"          // phase_name
#include "scenario/cost_model.h"
#include "scenario/limits.h"
#include "scenario/resolve_edge.h"
#include "scenario/resolve_fault.h"
#include "scenario/resolve_ledger.h"
#include "scenario/validate.h"

namespace chaossim::validate {

namespace {

using format::did_you_mean;
using format::listed;
using format::quote;
using nlohmann::json;

class Resolver {
 public:
  Resolver(const Cursor& root, Reporter& report) : m_root(root), m_report(report) {}

  Scenario run() {
    top_level();
    services();
    clients();
    edges();
    handlers();
    const bool acyclic = cycles();
    faults();
    expectations();
    think_time();
    trace();
    if (acyclic) cost_bounds();
    return std::move(m_s);
  }

 private:
  void error(const Cursor& at, std::string message) { m_report.error(at, std::move(message)); }

  std::optional<std::uint32_t> service(std::string_view name) const {
    const auto it = m_service_index.find(std::string(name));
    return it == m_service_index.end() ? std::nullopt : std::optional(it->second);
  }

  // ---- top level and services -------------------------------------------------------------------------------

  void top_level() {
    const Cursor& r = m_root;
    if (auto v = read_text(r.child("name"))) m_s.name = *v;
    if (auto v = read_text(r.child("title"))) m_s.title = *v;
    if (auto v = read_text(r.child("description"))) m_s.description = *v;
    const Cursor tags = r.child("tags");
    for (std::size_t i = 0; tags.present() && tags.value->is_array() && i < tags.value->size(); ++i)
      if (auto v = read_text(tags.item(i))) m_s.tags.push_back(*v);
    if (auto v = read_seed(r.child("seed"))) m_s.seed = *v;

    if (auto d = read_duration(r.child("duration"))) {
      if (*d > limits::kMaxDuration)
        error(r.child("duration"), "expected at most 720h (30 days) of simulated time, found " + format_duration(*d));
      else
        m_s.duration = *d, m_duration_ok = true;
    }
    if (auto w = read_duration(r.child("warmup"))) {
      m_s.warmup = *w;
      if (m_duration_ok && *w >= m_s.duration)
        error(r.child("warmup"), "warmup " + format_duration(*w) + " must be shorter than duration " +
                                     format_duration(m_s.duration) + ", or no time would be measured");
    }
    if (auto b = read_duration(r.child("bucket"))) m_s.bucket = *b;
    if (m_duration_ok) {
      const std::int64_t buckets = m_s.duration.ns / m_s.bucket.ns + (m_s.duration.ns % m_s.bucket.ns ? 1 : 0);
      if (buckets > limits::kMaxBuckets)
        error(r.child(r.child("bucket").present() ? "bucket" : "duration"),
              "duration " + format_duration(m_s.duration) + " in buckets of " + format_duration(m_s.bucket) +
                  " makes " + std::to_string(buckets) + " buckets; at most " + std::to_string(limits::kMaxBuckets) +
                  " are allowed, so use a larger bucket");
    }
  }

  void services() {
    const Cursor all = m_root.child("services");
    for (const std::string& name : all.keys_in_file_order()) {
      const Cursor c = all.child(name);
      m_service_index.emplace(name, static_cast<std::uint32_t>(m_service_names.size()));
      m_service_names.push_back(name);
      m_service_cursors.push_back(c);

      ServiceConfig s;
      s.name = name;
      if (auto v = read_integer(c.child("workers"))) s.workers = static_cast<std::uint32_t>(*v);
      if (auto v = read_integer(c.child("instances"))) s.instances = static_cast<std::uint32_t>(*v);
      if (const Cursor h = c.child("health_check"); h.present() && h.value->is_object())
        s.health_check = read_health_check(h);
      const Cursor queue = c.child("queue");
      if (auto v = read_integer(queue.child("capacity"))) s.queue.capacity = static_cast<std::uint32_t>(*v);
      if (auto v = read_choice<QueueConfig::Discipline>(queue.child("discipline"))) s.queue.discipline = *v;
      if (auto v = read_duration(queue.child("max_wait"))) s.queue.max_wait = *v;
      // Writing a codel object turns CoDel on, with Facebook's settings for what it leaves out.
      if (const Cursor codel = queue.child("codel"); codel.present() && codel.value->is_object()) {
        CodelConfig& k = s.queue.codel.emplace();
        if (auto v = read_duration(codel.child("target"))) k.target = *v;
        if (auto v = read_duration(codel.child("interval"))) k.interval = *v;
        if (k.target >= k.interval)
          error(codel.child(codel.child("target").present() ? "target" : "interval"),
                "target " + format_duration(k.target) + " is not shorter than interval " + format_duration(k.interval) +
                    ": a congested queue would let requests wait longer than a calm one");
      }
      if (auto v = read_bool(c.child("drop_expired"))) s.drop_expired = *v;
      if (auto v = read_integer(c.child("processors"))) s.processors = static_cast<std::uint32_t>(*v);
      const Cursor contention = c.child("contention");
      if (auto v = read_number(contention.child("per_request"))) s.contention.per_request = *v;
      if (auto v = read_choice<ContentionConfig::Counts>(contention.child("counts"))) s.contention.counts = *v;
      const Cursor overload = c.child("overload");
      if (auto v = read_integer(overload.child("queue_above"))) {
        s.overload.queue_above = static_cast<std::uint32_t>(*v);
        if (s.queue.capacity && *s.overload.queue_above >= *s.queue.capacity)
          error(overload.child("queue_above"), "queue_above " + std::to_string(*v) + " is not below queue.capacity " +
                                                   std::to_string(*s.queue.capacity) +
                                                   ": the queue is full before the service turns anyone away");
      }
      if (auto v = read_integer(overload.child("status"))) s.overload.status = static_cast<std::int16_t>(*v);
      if (auto v = read_duration(overload.child("retry_after"))) s.overload.retry_after = *v;
      if (const Cursor l = c.child("concurrency_limit"); l.present() && l.value->is_object())
        s.limit = read_limit(l, "services.*.concurrency_limit", m_report);
      const Cursor idem = c.child("idempotency");
      if (idem.present() && idem.value->is_object()) {
        // Writing an idempotency object at all means wanting it, so "enabled" defaults to true there.
        s.idempotency.enabled = read_bool(idem.child("enabled")).value_or(true);
        if (auto v = read_choice<bool>(idem.child("store"))) s.idempotency.durable = *v;
        if (auto v = read_duration(idem.child("ttl"))) s.idempotency.ttl = *v;
        if (auto v = read_choice<bool>(idem.child("in_flight"))) s.idempotency.in_flight_wait = *v;
        if (auto v = read_bool(idem.child("cache_errors"))) s.idempotency.cache_errors = *v;
        if (auto v = read_choice<bool>(idem.child("record"))) s.idempotency.record_after_response = *v;
        if (auto v = read_bool(idem.child("check_payload"))) s.idempotency.check_payload = *v;
        read_lock(idem, s.idempotency);
      }
      m_s.services.push_back(std::move(s));
    }
  }

  // A lease needs an in-flight record that callers do not wait on: one that is written before the handler runs
  // (not after the response) and that answers a concurrent duplicate 409 (waiters would outlive a lapsed lease).
  void read_lock(const Cursor& idem, IdempotencyConfig& out) {
    const Cursor lock = idem.child("lock");
    if (!lock.present() || !lock.value->is_object()) return;
    if (auto v = read_duration(lock.child("ttl"))) out.lock_ttl = *v;
    if (auto v = read_bool(lock.child("renew"))) out.lock_renew = *v;
    if (auto v = read_bool(lock.child("fencing"))) out.fencing = *v;
    if (out.in_flight_wait)
      error(idem.child("in_flight"), R"(a lock lease answers a request whose key is leased with 409: "in_flight": )"
                                     R"("wait" cannot be combined with "lock")");
    if (out.record_after_response)
      error(idem.child("record"), R"("record": "after_response" keeps no in-flight record, so there is nothing to )"
                                  R"(lease: leave out "lock" or record before the response)");
  }

  // Writing a health_check object turns checks on; the timeout may not outlast the interval, so that each instance
  // has at most one probe in flight, and the interval is bounded below so that probes stay a small cost.
  HealthCheckConfig read_health_check(const Cursor& h) {
    HealthCheckConfig k;
    k.enabled = true;
    if (auto v = read_duration(h.child("interval"))) k.interval = *v;
    if (auto v = read_duration(h.child("timeout"))) k.timeout = *v;
    if (auto v = read_integer(h.child("unhealthy_threshold"))) k.unhealthy_threshold = static_cast<std::uint32_t>(*v);
    if (auto v = read_integer(h.child("healthy_threshold"))) k.healthy_threshold = static_cast<std::uint32_t>(*v);
    if (auto v = read_choice<HealthCheckConfig::Check>(h.child("check"))) k.check = *v;
    if (k.interval < limits::kMinHealthInterval)
      error(h.child("interval"), "interval " + format_duration(k.interval) + " is shorter than " +
                                     format_duration(limits::kMinHealthInterval) + ", the shortest allowed");
    if (k.timeout > k.interval)
      error(h.child(h.child("timeout").present() ? "timeout" : "interval"),
            "timeout " + format_duration(k.timeout) + " is longer than interval " + format_duration(k.interval) +
                ": a probe would still be waiting when the next one is sent");
    return k;
  }

  // ---- clients ------------------------------------------------------------------------------------------------

  void clients() {
    const Cursor c = m_root.child("clients");
    ClientsConfig& out = m_s.clients;
    if (auto v = read_integer(c.child("count"))) out.count = static_cast<std::uint32_t>(*v);
    if (auto t = read_text(c.child("target"))) {
      if (auto index = service(*t))
        out.target = *index, m_target_ok = true;
      else
        error(c.child("target"), "unknown service " + quote(*t) + did_you_mean(*t, m_service_names));
    }

    const Cursor a = c.child("arrival");
    if (auto process = read_choice<ArrivalConfig::Process>(a.child("process"))) {
      out.arrival.process = *process;
      m_process_ok = true;
      const std::string name = *read_text(a.child("process"));
      apply_shape(a, "clients.arrival", name, "the " + quote(name) + " arrival process", m_report);
    }
    if (auto v = read_number(a.child("rate"))) out.arrival.rate = *v;
    if (auto v = read_distribution(a.child("think_time"))) out.arrival.think_time = *v;
    if (auto v = read_integer(a.child("operations"))) out.arrival.operations = static_cast<std::uint32_t>(*v);
    const Cursor profile = a.child("profile");
    for (std::size_t i = 0; profile.present() && profile.value->is_array() && i < profile.value->size(); ++i) {
      const auto point = read_profile_point(profile.item(i));
      if (!point) continue;
      auto& points = out.arrival.profile;
      if (!points.empty() && point->at <= points.back().at)
        error(profile.item(i), "profile times must increase: " + format_duration(point->at) + " does not come after " +
                                   format_duration(points.back().at));
      else
        points.push_back(*point);
    }

    const Cursor dc = c.child("double_click");
    if (auto v = read_number(dc.child("probability"))) out.double_click.probability = *v;
    if (auto v = read_distribution(dc.child("gap"))) out.double_click.gap = *v;
    if (auto v = read_bool(dc.child("same_key"))) out.double_click.same_key = *v;
    const Cursor rs = c.child("resubmit");
    if (auto v = read_number(rs.child("probability"))) out.resubmit.probability = *v;
    if (auto v = read_distribution(rs.child("after"))) out.resubmit.after = *v;
    const Cursor reuse = c.child("key_reuse");
    if (auto v = read_number(reuse.child("probability"))) out.key_reuse.probability = *v;
    if (auto v = read_distribution(reuse.child("after"))) out.key_reuse.after = *v;
    criticality_mix(c.child("criticality"));
  }

  // The shares of operations per criticality: missing classes have none, and the shares must make up the whole.
  void criticality_mix(const Cursor& c) {
    if (!c.present() || !c.value->is_object()) return;
    std::array<double, kCriticalities> mix{};
    for (std::size_t i = 0; i < kCriticalities; ++i)
      if (auto v = read_number(c.child(kCriticalityNames[i]))) mix[i] = *v;
    const double sum = mix[0] + mix[1] + mix[2];
    if (std::abs(sum - 1.0) > 1e-9) {
      error(c, "the shares of critical, default and sheddable operations add up to " + format::format_number(sum) +
                   ", expected 1");
      return;
    }
    m_s.clients.criticality = mix;
  }

  // ---- trace --------------------------------------------------------------------------------------------------

  void trace() {
    const Cursor c = m_root.child("trace");
    if (!c.present() || !c.value->is_object()) return;
    // Writing a trace object at all means wanting traces, so "enabled" defaults to true there.
    TraceConfig& t = m_s.trace;
    t.enabled = read_bool(c.child("enabled")).value_or(true);
    if (auto v = read_number(c.child("sample"))) t.sample = *v;
    if (auto v = read_integer(c.child("max"))) t.max = static_cast<std::uint32_t>(*v);
    const Cursor keep = c.child("keep");
    if (keep.present() && keep.value->is_array()) {
      t.keep = 0;
      for (std::size_t i = 0; i < keep.value->size(); ++i)
        if (auto v = read_choice<std::uint8_t>(keep.item(i))) t.keep |= *v;
    }
  }

  // ---- edges (each read by resolve_edge.cpp) ------------------------------------------------------------------

  void edges() {
    const Cursor all = m_root.child("edges");
    if (const Cursor d = all.child("default"); d.present() && d.value->is_object())
      m_default = read_edge(d, EdgeConfig{}, m_report);
    for (const std::string& key : all.keys()) {
      if (key == "default" || format::edge_key_problem(key)) continue;  // the latter reported by check_shape
      const Cursor c = all.child(key);
      const std::size_t arrow = key.find("->");
      const std::string caller = key.substr(0, arrow), callee = key.substr(arrow + 2);
      bool known = true;
      auto check = [&](const std::string& name) {
        if (service(name)) return;
        m_report.key_error(
            c, "unknown service " + quote(name) + " in edge " + quote(key) + did_you_mean(name, m_service_names));
        known = false;
      };
      if (caller != "clients") check(caller);
      check(callee);
      if (c.value->is_object()) {
        const EdgeConfig e = read_edge(c, m_default ? *m_default : EdgeConfig{}, m_report);
        if (known) m_explicit.emplace(key, e);
      }
    }
  }

  // The edge caller->callee, added the first time a call uses it.
  std::uint32_t use_edge(std::uint32_t caller, std::uint32_t callee) {
    const std::string name =
        (caller == kClients ? std::string("clients") : m_service_names[caller]) + "->" + m_service_names[callee];
    if (auto it = m_edge_index.find(name); it != m_edge_index.end()) return it->second;
    const auto explicit_edge = m_explicit.find(name);
    EdgeConfig e = explicit_edge != m_explicit.end() ? explicit_edge->second : m_default ? *m_default : EdgeConfig{};
    e.name = name;
    e.caller = caller;
    e.callee = callee;
    const auto index = static_cast<std::uint32_t>(m_s.edges.size());
    m_s.edges.push_back(std::move(e));
    m_edge_index.emplace(name, index);
    m_edge_names.push_back(name);
    return index;
  }

  // ---- handlers and the call graph ----------------------------------------------------------------------------

  void handlers() {
    if (m_target_ok)
      use_edge(kClients, m_s.clients.target);
    else
      m_s.edges.emplace_back();  // keeps edge 0 the client edge; the scenario is invalid anyway
    m_calls.resize(m_s.services.size());
    std::vector<std::pair<std::uint32_t, Cursor>> undoing;  // effect steps with "undoes", read once all are known
    for (std::size_t si = 0; si < m_s.services.size(); ++si) {
      std::vector<Step>& handler = m_s.services[si].handler;
      const Cursor h = m_service_cursors[si].child("handler");
      if (!h.present()) handler.push_back({Step::Kind::work, Distribution::constant(Duration::milliseconds(1)), 0});
      bool responded = false;
      std::optional<std::uint32_t> last_read;                                    // the record a write may write
      constexpr auto kMaxNames = static_cast<std::size_t>(limits::kMaxEffects);  // effects; records alike
      for (std::size_t i = 0; h.present() && h.value->is_array() && i < h.value->size(); ++i) {
        const Cursor step = h.item(i);
        if (!step.value->is_object()) continue;
        int kinds = 0;
        for (const char* k : {"work", "call", "effect", "respond", "read", "write"})
          kinds += step.child(k).present() ? 1 : 0;
        if (kinds != 1) {
          error(step, kinds == 0 ? R"(a step needs one of "work", "call", "effect", "respond", "read" or "write")"
                                 : R"(a step has exactly one of "work", "call", "effect", "respond", "read" or )"
                                   R"("write"; split it )"
                                   R"(into several steps)");
          continue;
        }
        for (const char* k : {"count", "need", "compensate"})
          if (step.child(k).present() && !step.child("call").present())
            error(step.child(k), quote(k) + " applies only to a \"call\" step");
        if (step.child("undoes").present() && !step.child("effect").present())
          error(step.child("undoes"), "\"undoes\" applies only to an \"effect\" step");
        if (auto work = read_distribution(step.child("work"))) handler.push_back({Step::Kind::work, *work, 0});
        if (auto status = read_integer(step.child("respond"))) {
          if (responded)
            error(step.child("respond"), "the handler has responded already (one respond step per handler)");
          handler.push_back({Step::Kind::respond, {}, static_cast<std::uint32_t>(*status)});
          responded = true;
        }
        if (auto callee = read_text(step.child("call"))) {
          if (auto index = service(*callee)) {
            Step call{Step::Kind::call, {}, use_edge(static_cast<std::uint32_t>(si), *index)};
            if (auto v = read_integer(step.child("count"))) call.count = call.need = static_cast<std::uint32_t>(*v);
            if (auto v = read_integer(step.child("need"))) {
              if (*v > call.count)
                error(step.child("need"), "need " + std::to_string(*v) + " of " + std::to_string(call.count) +
                                              " calls: at most \"count\" (" + std::to_string(call.count) + ")");
              else
                call.need = static_cast<std::uint32_t>(*v);
            }
            if (auto undo = read_text(step.child("compensate"))) {
              if (auto by = service(*undo)) {
                call.compensate = use_edge(static_cast<std::uint32_t>(si), *by);
                m_calls[si].push_back({*by, step.child("compensate")});
                if (call.count > 1)
                  error(step.child("compensate"),
                        "a fan-out (\"count\" above 1) cannot be compensated: undo each "
                        "call in a step of its own");
              } else {
                error(step.child("compensate"),
                      "unknown service " + quote(*undo) + did_you_mean(*undo, m_service_names));
              }
            }
            handler.push_back(call);
            m_calls[si].push_back({*index, step.child("call")});
          } else {
            error(step.child("call"), "unknown service " + quote(*callee) + did_you_mean(*callee, m_service_names));
          }
        }
        if (auto effect = name_index(step.child("effect"), m_s.effects, kMaxNames, "effects", m_report)) {
          handler.push_back({Step::Kind::effect, {}, *effect});
          if (read_text(step.child("undoes"))) undoing.push_back({*effect, step.child("undoes")});
        }
        if (auto record = name_index(step.child("read"), m_s.records, kMaxNames, "records", m_report)) {
          handler.push_back({Step::Kind::read, {}, *record});
          last_read = record;
        }
        if (auto record = name_index(step.child("write"), m_s.records, kMaxNames, "records", m_report)) {
          if (last_read != record)
            error(step.child("write"), "a write needs a read of " + quote(m_s.records[*record]) +
                                           " before it in the handler, and no read of another record between");
          handler.push_back({Step::Kind::write, {}, *record});
        }
      }
    }
    validate::read_undoes(m_s, undoing, m_report);
  }

  // A service that calls itself, directly or through others, would hold a worker while waiting for a request
  // that waits for a worker: report each such call. Returns whether the call graph is acyclic.
  bool cycles() {
    enum : std::uint8_t { unseen, open, done };
    std::vector<std::uint8_t> state(m_calls.size(), unseen);
    std::vector<std::uint32_t> stack;
    bool acyclic = true;
    auto visit = [&](auto& self, std::uint32_t s) -> void {
      state[s] = open;
      stack.push_back(s);
      for (const auto& [callee, at] : m_calls[s]) {
        if (state[callee] == open) {
          acyclic = false;
          std::string loop;
          for (auto it = std::find(stack.begin(), stack.end(), callee); it != stack.end(); ++it)
            loop += m_service_names[*it] + " -> ";
          error(at, callee == s ? "service " + quote(m_service_names[s]) + " calls itself"
                                : "call cycle " + loop + m_service_names[callee] + ": a request would wait for itself");
        } else if (state[callee] == unseen) {
          self(self, callee);
        }
      }
      stack.pop_back();
      state[s] = done;
    };
    for (std::uint32_t s = 0; s < m_calls.size(); ++s)
      if (state[s] == unseen) visit(visit, s);
    return acyclic;
  }

  // ---- faults and expectations --------------------------------------------------------------------------------

  void faults() {
    const Cursor all = m_root.child("faults");
    const FaultContext context{m_s, m_duration_ok, m_service_index, m_service_names, m_edge_index, m_edge_names};
    std::map<std::string, std::string> ids;  // id -> path of its first fault
    for (std::size_t i = 0; all.present() && all.value->is_array() && i < all.value->size(); ++i) {
      const Cursor f = all.item(i);
      if (!f.value->is_object()) continue;
      FaultConfig fault = read_fault(f, context, m_report);
      if (auto [it, fresh] = ids.emplace(fault.id, "faults[" + std::to_string(i) + "]"); !fault.id.empty() && !fresh)
        error(f.child("id"), "duplicate fault id " + quote(fault.id) + " (also used by " + it->second + ")");
      m_s.faults.push_back(std::move(fault));
    }
  }

  void expectations() {
    const Cursor all = m_root.child("expect");
    if (!all.present() || !all.value->is_array()) return;
    MetricSubjects subjects{m_s.effects, m_service_names, m_edge_names};
    subjects.criticalities = metric_subjects(m_s).criticalities;
    for (std::size_t i = 0; i < all.value->size(); ++i) {
      const Cursor e = all.item(i);
      if (!e.value->is_object()) continue;
      Expectation x;
      const MetricInfo* info = nullptr;
      if (auto metric = read_text(e.child("metric"))) {
        x.metric = *metric;
        info = find_metric(*metric, subjects);
        if (!info)
          error(e.child("metric"), "unknown metric " + quote(*metric) + did_you_mean(*metric, metric_names(subjects)));
      }
      if (auto op = read_choice<Expectation::Op>(e.child("op"))) x.op = *op;
      if (auto value = read_number_or_duration(e.child("value"))) {
        x.value = value->value;
        x.value_text = value->text;
      }
      if (auto phase = read_text(e.child("phase"))) {
        using P = Expectation::Phase;
        x.phase = read_choice<P>(e.child("phase")).value_or(P::overall);
        if (x.phase != P::overall && m_s.faults.empty())
          error(e.child("phase"), "phase " + quote(*phase) + " is measured around faults, and the scenario has none");
        else if (info && !info->in_phase(static_cast<Phase>(x.phase)))
          error(e.child("phase"),
                quote(x.metric) + " exists in " + phases_of(*info) + " only, not in " + quote(*phase));
      }
      if (auto role = read_choice<Expectation::Role>(e.child("role"))) x.role = *role;
      m_s.expect.push_back(std::move(x));
    }
  }

  // "phase \"overall\"" or "phases \"before\", \"after\"": where a metric exists, for messages.
  static std::string phases_of(const MetricInfo& m) {
    std::string names;
    int n = 0;
    for (int p = 0; p < kPhases; ++p)
      if (m.in_phase(static_cast<Phase>(p)))
        names += (n++ ? ", " : "") + quote(phase_name(static_cast<Expectation::Phase>(p)));
    return (n == 1 ? "phase " : "phases ") + names;
  }

  // ---- bounds on the cost of one run (scenario/cost_model.h) --------------------------------------------------

  void think_time() {
    const ArrivalConfig& a = m_s.clients.arrival;
    const Cursor think = m_root.child("clients").child("arrival").child("think_time");
    if (m_process_ok && a.process == ArrivalConfig::Process::closed && think.present() && !a.operations &&
        !(a.think_time.mean_seconds() > 0))
      error(think,
            "closed-loop clients need a think time above zero, or they could run without time passing "
            "(or a finite workload: \"operations\" per client)");
  }

  // Estimated only for a scenario that is otherwise valid: the estimate reads every part of it.
  void cost_bounds() {
    if (!m_report.issues().empty()) return;
    const cost::Estimate estimate = cost::estimate_run(m_s);
    for (const cost::Term* term : cost::refusals(estimate)) error(cursor_of(term->blame), cost::refusal_message(*term));
  }

  // Where the input a cost term blames is written: the most specific place present in the file.
  Cursor cursor_of(const cost::Input& input) const {
    using K = cost::Input::Kind;
    const Cursor clients = m_root.child("clients");
    auto first_present = [&](std::initializer_list<Cursor> candidates) {
      for (const Cursor& c : candidates)
        if (c.present()) return c;
      return m_root;
    };
    // An edge's setting: on the edge itself, else in "default", else where the edge comes from.
    auto edge_setting = [&](std::uint32_t e, std::initializer_list<std::string_view> keys) {
      const Cursor edges = m_root.child("edges");
      Cursor own = e < m_edge_names.size() ? edges.child(m_edge_names[e]) : Cursor{};
      Cursor fallback = edges.child("default");
      for (std::string_view key : keys) own = own.child(key), fallback = fallback.child(key);
      Cursor origin = clients.child("target");
      if (e < m_s.edges.size() && m_s.edges[e].caller != kClients)
        for (const auto& [callee, at] : m_calls[m_s.edges[e].caller])
          if (callee == m_s.edges[e].callee) origin = at;
      return first_present({own, fallback, origin});
    };
    switch (input.kind) {
      case K::none: return m_root;
      case K::duration: return m_root.child("duration");
      case K::bucket: return first_present({m_root.child("bucket"), m_root.child("duration")});
      case K::rate: return first_present({clients.child("arrival").child("rate"), clients.child("arrival")});
      case K::think_time:
        return first_present({clients.child("arrival").child("think_time"), clients.child("arrival")});
      case K::clients: return first_present({clients.child("count"), clients});
      case K::double_click: return first_present({clients.child("double_click").child("probability"), clients});
      case K::resubmit: return first_present({clients.child("resubmit").child("probability"), clients});
      case K::attempts: return edge_setting(input.index, {"retry", "max_attempts"});
      case K::breaker: return edge_setting(input.index, {"circuit_breaker"});
      case K::budget: return edge_setting(input.index, {"retry", "budget"});
      case K::handler:
      case K::workers:
      case K::idempotency: {
        if (input.index >= m_service_cursors.size()) return m_root;
        const Cursor svc = m_service_cursors[input.index];
        if (input.kind == K::handler) return first_present({svc.child("handler"), svc});
        if (input.kind == K::workers) return first_present({svc.child("workers"), svc});
        return first_present({svc.child("idempotency").child("ttl"), svc.child("idempotency"), svc});
      }
      case K::fault: return first_present({m_root.child("faults").item(input.index)});
    }
    return m_root;
  }

  const Cursor& m_root;
  Reporter& m_report;
  Scenario m_s;
  bool m_duration_ok = false;
  bool m_process_ok = false;
  bool m_target_ok = false;
  std::vector<std::string> m_service_names;  // in file order, as in m_s.services
  std::unordered_map<std::string, std::uint32_t> m_service_index;
  std::vector<Cursor> m_service_cursors;
  std::optional<EdgeConfig> m_default;
  std::map<std::string, EdgeConfig> m_explicit;
  std::unordered_map<std::string, std::uint32_t> m_edge_index;
  std::vector<std::string> m_edge_names;                               // as in m_s.edges
  std::vector<std::vector<std::pair<std::uint32_t, Cursor>>> m_calls;  // per service: callee and the step naming it
};

}  // namespace

Scenario resolve_scenario(const Cursor& root, Reporter& report) { return Resolver(root, report).run(); }

}  // namespace chaossim::validate
