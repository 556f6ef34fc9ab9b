// Reading one fault: its type and the keys that type takes, its target, its window and its settings. The resolver
// (resolve.cpp) checks what concerns all faults together (distinct ids).
#include "scenario/resolve_fault.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "scenario/fault_types.h"
#include "scenario/resolve_edge.h"

namespace chaossim::validate {

namespace {

using format::did_you_mean;
using format::quote;

// "a" or "an", as English wants before `word`.
std::string article(std::string_view word) {
  return !word.empty() && std::string_view("aeiou").find(word[0]) != std::string_view::npos ? "an" : "a";
}

class FaultReader {
 public:
  FaultReader(const FaultContext& context, Reporter& report) : m_c(context), m_report(report) {}

  FaultConfig read(const Cursor& f) {
    FaultConfig fault;
    if (auto id = read_text(f.child("id"))) fault.id = *id;
    if (auto type = read_text(f.child("type"))) {
      if (const format::FaultType* registered = format::find_fault_type(*type)) {
        fault.type = registered->type;
        fault.target_kind = registered->target;
        fault.status = registered->type == FaultConfig::Type::error_after_effect ? 500 : 503;
        apply_shape(f, "faults[]", registered->name, article(registered->name) + " " + std::string(*type) + " fault",
                    m_report);
        resolve_target(f, *registered, fault);
      } else {
        // The shape check reported a name that is not a choice; a choice without a registered type is ours.
        error(f.child("type"), "fault type " + quote(*type) + " is not registered (scenario/fault_types.h)");
      }
    }

    if (auto v = read_duration(f.child("start"))) fault.start = *v;
    const auto length = read_duration(f.child("duration"));
    const auto restart = read_duration(f.child("restart_after"));
    if (length && restart) error(f.child("restart_after"), R"(give either "duration" or "restart_after", not both)");
    if (const auto span = restart ? restart : length) fault.end = fault.start + *span;
    if (m_c.duration_ok) {
      if (fault.start >= m_c.scenario.duration)
        error(f.child("start").present() ? f.child("start") : f, "the fault starts at " + format_duration(fault.start) +
                                                                     ", not before the run ends at " +
                                                                     format_duration(m_c.scenario.duration));
      if (fault.end != Duration::infinite()) fault.end = std::min(fault.end, m_c.scenario.duration);
    }
    if (auto v = read_number(f.child("probability"))) fault.probability = *v;
    if (auto v = read_integer(f.child("status"))) fault.status = static_cast<int>(*v);
    if (auto v = read_duration(f.child("retry_after"))) fault.retry_after = *v;
    if (auto v = read_number(f.child("factor"))) fault.factor = *v;
    if (auto v = read_integer(f.child("workers"))) fault.workers = static_cast<std::uint32_t>(*v);
    read_mode(f, fault);
    read_lifecycle(f, fault, length.has_value());
    if (auto v = read_distribution(f.child("delay"))) fault.delay = *v;
    return fault;
  }

 private:
  void error(const Cursor& at, std::string message) { m_report.error(at, std::move(message)); }

  std::optional<std::uint32_t> service(std::string_view name) const {
    const auto it = m_c.service_index.find(std::string(name));
    return it == m_c.service_index.end() ? std::nullopt : std::optional(it->second);
  }

  void resolve_target(const Cursor& f, const format::FaultType& shape, FaultConfig& fault) {
    const Cursor at = f.child("target");
    const auto target = read_text(at);
    if (!target) return;
    const std::string what = article(shape.name) + " " + std::string(shape.name) + " fault targets ";
    const bool edge_like = target->find("->") != std::string::npos;
    switch (shape.target) {
      case FaultConfig::Target::service:
        if (auto index = service(*target)) {
          fault.target = *index;
          resolve_instances(f, fault);
        } else if (const auto hash = target->rfind('#');
                   hash != std::string::npos && service(target->substr(0, hash))) {
          resolve_one_instance(f, *target, hash, fault);
        } else if (edge_like || *target == "clients")
          error(at, what + "a service, found " + quote(*target));
        else
          error(at, "unknown service " + quote(*target) + did_you_mean(*target, m_c.service_names));
        return;
      case FaultConfig::Target::edge:
        if (auto it = m_c.edge_index.find(*target); it != m_c.edge_index.end())
          fault.target = it->second;
        else if (!edge_like)
          error(at, what + R"(an edge "caller->callee", found )" + quote(*target));
        else
          error(at, "no call uses the edge " + quote(*target) + did_you_mean(*target, m_c.edge_names));
        return;
      case FaultConfig::Target::clients:
        if (*target != "clients") error(at, what + R"("clients", found )" + quote(*target));
        return;
    }
  }

  // `mode`: one key, two meanings; each type takes its own pair.
  void read_mode(const Cursor& f, FaultConfig& fault) {
    const auto mode = read_choice<format::FaultMode>(f.child("mode"));
    if (!mode) return;
    const bool lifecycle = fault.type == FaultConfig::Type::restart || fault.type == FaultConfig::Type::deploy;
    const bool graceful_or_hard = *mode == format::FaultMode::graceful || *mode == format::FaultMode::hard;
    if (lifecycle != graceful_or_hard) {
      error(f.child("mode"), std::string("expected ") +
                                 (lifecycle ? R"("graceful" or "hard")" : R"("fail_open" or "fail_closed")") +
                                 " for a " + (lifecycle ? "restart or deploy" : "store_outage") + " fault");
      return;
    }
    if (lifecycle)
      fault.graceful = *mode == format::FaultMode::graceful;
    else
      fault.outage_mode =
          *mode == format::FaultMode::fail_open ? StoreOutageMode::fail_open : StoreOutageMode::fail_closed;
  }

  // A restart or deploy: its settings, and its window, which follows from them (one step per batch).
  void read_lifecycle(const Cursor& f, FaultConfig& fault, bool has_duration) {
    if (fault.type != FaultConfig::Type::restart && fault.type != FaultConfig::Type::deploy) return;
    if (auto v = read_duration(f.child("drain_timeout"))) fault.drain_timeout = *v;
    if (auto v = read_duration(f.child("startup_time"))) fault.startup_time = *v;
    if (auto v = read_duration(f.child("warmup"))) fault.warmup = *v;
    if (auto v = read_number(f.child("cold_factor"))) fault.cold_factor = *v;
    if (auto v = read_integer(f.child("max_unavailable"))) fault.max_unavailable = static_cast<std::uint32_t>(*v);
    if (auto v = read_duration(f.child("pause"))) fault.batch_pause = *v;
    if (has_duration)
      error(f.child("duration"), "a " + std::string(fault.type == FaultConfig::Type::restart ? "restart" : "deploy") +
                                     " lasts as long as its steps (drain_timeout + startup_time + pause per batch): "
                                     "leave out \"duration\"");
    if (fault.target >= m_c.scenario.services.size()) return;
    const std::uint32_t n = m_c.scenario.services[fault.target].instances;
    const std::uint32_t first = std::min(fault.first_instance, n);
    const std::uint32_t targets = fault.instance_count == 0 ? n - first : std::min(n - first, fault.instance_count);
    const std::uint32_t batches =
        fault.type == FaultConfig::Type::restart ? 1 : (targets + fault.max_unavailable - 1) / fault.max_unavailable;
    fault.end = fault.start + Duration{static_cast<std::int64_t>(batches) * fault.lifecycle_step().ns};
    if (m_c.duration_ok) fault.end = std::min(fault.end, m_c.scenario.duration);
  }

  // `instances` or `fraction`: the first instances of the service.
  void resolve_instances(const Cursor& f, FaultConfig& fault) {
    const std::uint32_t n = m_c.scenario.services[fault.target].instances;
    const auto count = read_integer(f.child("instances"));
    const auto fraction = read_number(f.child("fraction"));
    if (count && fraction) error(f.child("fraction"), R"(give either "instances" or "fraction", not both)");
    if (count) {
      if (*count > n)
        error(f.child("instances"), "the fault hits " + std::to_string(*count) + " instances but service " +
                                        quote(m_c.scenario.services[fault.target].name) + " has " + std::to_string(n));
      fault.instance_count = static_cast<std::uint32_t>(std::min<std::int64_t>(*count, n));
    } else if (fraction) {
      fault.instance_count = static_cast<std::uint32_t>(std::ceil(*fraction * n - 1e-9));
    }
  }

  // "api#2": the second instance of api alone.
  void resolve_one_instance(const Cursor& f, const std::string& target, std::size_t hash, FaultConfig& fault) {
    const Cursor at = f.child("target");
    const std::string name = target.substr(0, hash), number = target.substr(hash + 1);
    fault.target = *service(name);
    const std::uint32_t n = m_c.scenario.services[fault.target].instances;
    std::uint32_t k = 0;
    const bool digits = !number.empty() && number.size() <= 4 &&
                        std::all_of(number.begin(), number.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (digits) k = static_cast<std::uint32_t>(std::stoul(number));
    if (!digits || k < 1 || k > n) {
      error(at, "service " + quote(name) + " has instances #1 to #" + std::to_string(n) + ", found " + quote(target));
      return;
    }
    if (f.child("instances").present() || f.child("fraction").present())
      error(f.child(f.child("instances").present() ? "instances" : "fraction"),
            "the target " + quote(target) + " names one instance already");
    fault.first_instance = k - 1;
    fault.instance_count = 1;
  }

  const FaultContext& m_c;
  Reporter& m_report;
};

}  // namespace

FaultConfig read_fault(const Cursor& f, const FaultContext& context, Reporter& report) {
  return FaultReader(context, report).read(f);
}

}  // namespace chaossim::validate
