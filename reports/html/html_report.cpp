#include "html/html_report.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <set>
#include <unordered_map>

#include "html/chart_downsampling.h"
#include "html/decision_summary.h"
#include "html/system_section.h"
#include "html/markdown.h"
#include "html/metric_info.h"
#include "html/ranking.h"
#include "html/report_limits.h"
#include "html/report_style.h"
#include "html/map_section.h"
#include "html/sweep_section.h"
#include "html/trace_section.h"

namespace chaossim {

namespace {

constexpr int kChartWidth = 1040, kChartHeight = 360;
// A chart with nothing but zeros still appears (the reader sees that nothing happened) but takes less room.

using namespace report_limits;

std::string esc(const std::string& s) { return html_escape(s); }
// A name from the results folder, escaped and cut to a length a table cell can hold.
std::string name(const std::string& s) { return html_escape(clipped(s, kMaxNameBytes)); }

std::string more_note(std::size_t shown, std::size_t total, const std::string& what) {
  if (shown >= total) return "";
  return "<p class=\"note\">The first " + std::to_string(shown) + " " + what + " are shown; the results folder has " +
         std::to_string(total) + ".</p>\n";
}

// The variants whose columns the tables show.
std::size_t shown_variants(const Results& r) { return std::min(r.variants.size(), kMaxVariantColumns); }

std::string expectation_text(const Verdict& v) {
  std::string text = v.demonstrates() ? "<span class=\"dir\">demonstrates</span> " : "";
  text += "<code>" + name(v.metric) + "</code> " + name(v.op) + " " + esc(format_metric(v.metric, v.value));
  if (!v.phase.empty() && v.phase != "overall") text += " <span class=\"dir\">(" + name(v.phase) + " faults)</span>";
  return text;
}

// A demonstration that holds shows a failure on purpose: it is not painted green like a health check.
std::string badge(const Verdict& v) {
  if (!v.passed) return "<span class=\"badge fail\">✗ FAIL</span>";
  return v.demonstrates() ? "<span class=\"badge demo\">⚑ DEMONSTRATED</span>"
                          : "<span class=\"badge pass\">✓ PASS</span>";
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// The lesson's verdict and the system's health are two statements: "the broken baseline double-charges, as the
// lesson says" must not read as "this system is healthy".
std::string status_banner(const Results& r) {
  std::size_t checks = 0, checks_failed = 0, demos = 0, demos_failed = 0;
  for (const VariantResults& v : r.variants)
    for (const Verdict& e : v.verdicts) {
      (e.demonstrates() ? demos : checks) += 1;
      if (!e.passed) (e.demonstrates() ? demos_failed : checks_failed) += 1;
    }
  const std::size_t total = checks + demos, failed = checks_failed + demos_failed;
  if (total == 0) return "<div class=\"status none\">This scenario states no expectations</div>\n";
  if (failed > 0)
    return "<div class=\"status fail\">✗ " + std::to_string(failed) + " of " + plural(total, "expectation", "expectations") +
           " failed" +
           (demos_failed ? " (" + plural(demos_failed, "failure was", "failures were") + " not demonstrated)" : "") +
           "</div>\n";
  if (demos == 0) return "<div class=\"status pass\">✓ All " + plural(total, "expectation holds", "expectations hold") + "</div>\n";
  return "<div class=\"status pass\">✓ The lesson holds: " + plural(demos, "failure demonstrated", "failures demonstrated") +
         (checks ? ", " + plural(checks, "check passes", "checks pass") : "") +
         "</div>\n<p class=\"status-note\">⚑ A demonstrated failure is the broken behaviour the lesson is about, "
         "shown on purpose: the configurations it names are not healthy.</p>\n";
}

std::string variant_list(const Results& r) {
  std::string out;
  const std::size_t shown = std::min(r.variants.size(), kMaxListItems);
  for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + ("<code>" + name(r.variants[i].name) + "</code>");
  return out + and_more(shown, r.variants.size());
}

// A run length for people: "10 min", "90 s", "2 h".
std::string seconds_text(double s) {
  const auto whole = [](double v) { return v == static_cast<double>(static_cast<long long>(v)); };
  if (s >= 7200 && whole(s / 3600)) return std::to_string(static_cast<long long>(s / 3600)) + " h";
  if (s >= 120 && whole(s / 60)) return std::to_string(static_cast<long long>(s / 60)) + " min";
  return format_metric("recovery_seconds", s);
}

// The services a live run measured, as people read them: "checkout at http://127.0.0.1:8080", and how chaossim
// started the ones it ran. URLs and commands come from the command line: escaped like any other name.
std::string live_services_html(const Results::Live& live) {
  std::string out;
  const std::size_t shown = std::min(live.services.size(), kMaxListItems);
  for (std::size_t i = 0; i < shown; ++i) {
    const Results::Live::Service& s = live.services[i];
    out += (i ? "; " : "") + ("<code>" + name(s.name) + "</code> at <code>" + esc(s.url) + "</code>");
    if (!s.command.empty()) out += " (started by chaossim: <code>" + esc(s.command) + "</code>)";
  }
  return (out.empty() ? std::string("no service named") : out) + and_more(shown, live.services.size());
}

// How long the run lasted: simulated time, or for a live run wall-clock time (and where an interruption cut it).
std::string run_length_text(const Results& r) {
  if (!r.live) return seconds_text(r.duration_seconds) + " simulated";
  std::string run = seconds_text(r.duration_seconds) + " of wall-clock time";
  if (r.live->interrupted)
    run += ", interrupted after " + format_metric("recovery_seconds", r.live->real_seconds);
  return run;
}

std::string header_html(const Results& r, const std::string& generated_at) {
  std::string out = "<header>\n<p class=\"kicker\">chaossim report";
  if (!r.scenario.empty()) out += " · scenario <code>" + name(r.scenario) + "</code>";
  if (r.live) out += " · <span class=\"badge live\">LIVE</span> measured on real services, not simulated";
  out += "</p>\n<h1>" + esc(clipped(r.title.empty() ? r.scenario : r.title, kMaxTitleBytes)) + "</h1>\n";
  out += status_banner(r);
  out += "<dl class=\"facts\">\n";
  const auto fact = [&](const std::string& k, const std::string& v) {
    out += "<dt>" + k + "</dt><dd>" + v + "</dd>\n";
  };
  if (r.live) fact("Live against", live_services_html(*r.live));
  fact("Seed", std::to_string(r.seed));
  if (r.sweep)
    fact("Sweep", std::to_string(r.sweep->points.size()) + " points");
  else
    fact("Variants", variant_list(r));
  const std::string per = r.sweep ? " per point" : " per variant";
  fact("Replications", std::to_string(r.replications) +
                           (r.replications > 1 ? per + " (mean ± 95% confidence interval)" : per));
  if (r.duration_seconds > 0) {
    std::string run = run_length_text(r);
    if (r.warmup_seconds > 0) run += ", first " + seconds_text(r.warmup_seconds) + " warm-up (plotted, not in metrics)";
    if (r.bucket_seconds > 0) run += ", " + seconds_text(r.bucket_seconds) + " buckets";
    fact("Run", run);
  }
  if (!r.overrides.empty()) {
    std::string sets;
    const std::size_t shown = std::min(r.overrides.size(), kMaxListItems);
    for (std::size_t i = 0; i < shown; ++i)
      sets += (i ? ", " : "") + ("<code>" + name(r.overrides[i].first + "=" + r.overrides[i].second) + "</code>");
    fact("Overrides (--set)", sets + and_more(shown, r.overrides.size()));
  }
  if (!r.tags.empty()) {
    std::string tags;
    const std::size_t shown = std::min(r.tags.size(), kMaxListItems);
    for (std::size_t i = 0; i < shown; ++i) tags += (i ? ", " : "") + name(r.tags[i]);
    fact("Tags", tags + and_more(shown, r.tags.size()));
  }
  fact("Generated", esc(generated_at));
  fact("chaossim", name(r.version.empty() ? std::string(CHAOSSIM_VERSION) : r.version));
  out += "</dl>\n</header>\n";
  return out;
}

std::string verdicts_html(const Results& r) {
  std::string out = "<section id=\"verdicts\">\n<h2>Verdicts</h2>\n";
  if (r.sweep) return out + sweep_verdicts_html(r) + "</section>\n";
  if (r.expectation_count() == 0)
    return out +
           "<p class=\"note\">The scenario states no expectations (<code>expect</code>), so nothing was "
           "checked.</p>\n</section>\n";
  out +=
      "<table class=\"verdicts\">\n<thead><tr><th>Variant</th><th>Expectation</th><th class=\"num\">Measured</th>"
      "<th>Result</th></tr></thead>\n<tbody>\n";
  std::size_t rows = 0;
  for (const VariantResults& v : r.variants) {
    const std::size_t shown = std::min(v.verdicts.size(), kMaxVerdictRows - rows);
    for (std::size_t i = 0; i < shown; ++i) {
      const Verdict& e = v.verdicts[i];
      out += std::string("<tr class=\"") + (e.passed ? "pass" : "fail") + "\">";
      if (i == 0) out += "<th rowspan=\"" + std::to_string(shown) + "\"><code>" + name(v.name) + "</code></th>";
      out += "<td>" + expectation_text(e) + "</td>";
      out += "<td class=\"num\">" +
             (e.error.empty() ? esc(format_metric(e.metric, e.measured)) : esc(clipped(e.error, kMaxTitleBytes))) +
             "</td>";
      out += "<td class=\"verdict\">" + badge(e) + "</td></tr>\n";
    }
    rows += shown;
    if (rows == kMaxVerdictRows) break;
  }
  return out + "</tbody>\n</table>\n" + more_note(rows, r.expectation_count(), "verdicts") + "</section>\n";
}

std::string faults_html(const Results& r) {
  if (r.faults.empty()) return "";
  std::string out = r.sweep ? "<h3>Faults injected (the scenario's; a point's swept values may change them)</h3>\n"
                            : "<h3>Faults injected (baseline)</h3>\n";
  out += "<ul class=\"faults\">\n";
  const std::size_t shown = std::min(r.faults.size(), kMaxListItems);
  for (std::size_t i = 0; i < shown; ++i) {
    const Results::Fault& f = r.faults[i];
    out += "<li><code>" + name(f.id) + "</code>: " + name(f.type) + " on <code>" + name(f.target) + "</code>";
    out += ", from " + name(f.start.empty() ? "0s" : f.start);
    out += f.duration.empty() ? " to the end" : " for " + name(f.duration);
    if (!f.parameters.empty()) out += " <span class=\"dir\">(" + name(f.parameters) + ")</span>";
    out += "</li>\n";
  }
  return out + "</ul>\n" + more_note(shown, r.faults.size(), "faults");
}

std::string about_html(const Results& r) {
  if (r.description.empty() && r.faults.empty()) return "";
  std::string out = "<section id=\"about\">\n<h2>What this scenario shows</h2>\n<div class=\"description\">\n";
  // A description longer than a scenario may have did not come from a valid scenario: its start is shown.
  out += markdown_to_html(clipped(r.description, kMaxDescriptionBytes), 2);
  out += faults_html(r);
  return out + "</div>\n</section>\n";
}

// One variant's metrics and confidence intervals by name: a table of every metric looks each one up in every
// variant, which a linear search made quadratic (80,000 metrics took 32 s).
struct MetricIndex {
  std::unordered_map<std::string_view, double> values, ci;
  explicit MetricIndex(const VariantResults& v) {
    for (const auto& [k, x] : v.metrics) values.emplace(k, x);
    for (const auto& [k, x] : v.ci95) ci.emplace(k, x);
  }
  static const double* find(const std::unordered_map<std::string_view, double>& m, const std::string& k) {
    const auto it = m.find(k);
    return it == m.end() ? nullptr : &it->second;
  }
};

std::string metrics_table(const Results& r, const std::vector<MetricIndex>& index,
                          const std::vector<std::string>& names) {
  const std::size_t columns = index.size(), rows = std::min(names.size(), kMaxMetricRows);
  std::string out = "<table class=\"metrics\">\n<thead><tr><th>Metric</th>";
  for (std::size_t i = 0; i < columns; ++i)
    out += "<th class=\"num\"><code>" + name(r.variants[i].name) + "</code></th>";
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t row = 0; row < rows; ++row) {
    const std::string& m = names[row];
    std::vector<const double*> values;
    std::vector<std::optional<Estimate>> estimates;
    for (std::size_t i = 0; i < columns; ++i) {
      values.push_back(MetricIndex::find(index[i].values, m));
      const double* ci = MetricIndex::find(index[i].ci, m);
      if (values.back())
        estimates.push_back(Estimate{*values.back(), ci ? *ci : std::nan(""), r.variants[i].replications});
      else
        estimates.push_back(std::nullopt);
    }
    const std::set<std::size_t> best = best_configurations(m, estimates);
    const Better dir = better_direction(m);
    out += "<tr><th><code>" + name(m) + "</code>";
    if (dir != Better::neither)
      out += dir == Better::lower ? " <span class=\"dir\">↓ lower is better</span>"
                                  : " <span class=\"dir\">↑ higher is better</span>";
    if (const std::string hint = metric_hint(m); !hint.empty()) out += "<span class=\"hint\">" + esc(hint) + "</span>";
    out += "</th>";
    for (std::size_t i = 0; i < columns; ++i) {
      out += best.count(i) ? "<td class=\"num best\">" : "<td class=\"num\">";
      if (!values[i]) {
        out += "–</td>";
        continue;
      }
      out += esc(format_metric(m, *values[i]));
      if (best.count(i)) out += "<span class=\"star\"> ★</span>";
      const double* ci = MetricIndex::find(index[i].ci, m);
      if (ci && !std::isnan(*ci)) out += "<span class=\"ci\">" + esc(format_metric_ci(m, *ci)) + "</span>";
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  out += more_note(rows, names.size(), "metrics");
  return out + more_note(columns, r.variants.size(), "variants");
}

std::string metrics_html(const Results& r) {
  std::vector<std::string> available;
  for (const auto& [metric, value] : r.variants.front().metrics) available.push_back(metric);
  std::vector<MetricIndex> index;
  for (std::size_t i = 0; i < shown_variants(r); ++i) index.emplace_back(r.variants[i]);
  std::string out = "<section id=\"metrics\">\n<h2>Key metrics</h2>\n";
  out += "<p class=\"legend-note\">Overall, after warm-up";
  if (r.replications > 1)
    out +=
        "; mean ± half-width of the 95% confidence interval over " + std::to_string(r.replications) + " replications";
  out += ". " + esc(best_legend(r.replications, "variant")) +
         " Load and strategy activity are not ranked. n/a: undefined in that run (a rate of nothing, a percentile "
         "of no successful operation, recovery when no fault ends).</p>\n";
  out += metrics_table(r, index, key_metrics(available));
  out += "<details><summary>All metrics</summary>\n" + metrics_table(r, index, available) + "</details>\n";
  return out + "</section>\n";
}

std::string chart_caption(const std::string& id) {
  if (id == "requests")
    return "Operations offered by users, attempts made by clients and operations that succeeded, per second. The gap "
           "between attempts and operations is retry traffic: a retry storm shows as attempts far above operations.";
  if (id == "duplicates")
    return "Side effects executed more than once for the same logical operation, summed since the start: a customer "
           "charged twice counts one.";
  if (id == "latency")
    return "End-to-end latency of the operations that succeeded in each bucket (gaps: none succeeded); on a "
           "logarithmic axis when it spans two decades or more.";
  if (id == "queue") return "Requests waiting for a worker at the end of each bucket.";
  if (id == "utilization") return "Share of each service's workers busy, including work for callers that gave up.";
  if (id == "breaker") return "Share of callers whose circuit breaker is open (not sending).";
  if (id == "service_requests")
    return "Requests each service received per second, retries included: a storm at one layer is the load of the "
           "layer below it.";
  if (id == "amplification")
    return "Attempts on each edge per operation offered in the same bucket: 1 means one call per operation; retries at "
           "several layers multiply (3 tries at each of 3 layers: up to 27 calls for one payment).";
  if (id == "shed")
    return "Requests each service refused (queue full, or waited past its limit) and work it finished for callers "
           "that had already given up, per second.";
  if (id == "refused")
    return "Attempts the callers chose not to send, per second: retries the retry budget denied, attempts the "
           "client-side throttle rejected, calls an open breaker refused.";
  return "";
}

FaultBands every_band(const Results& r) {
  std::vector<const FaultBands*> per_variant;
  for (const VariantResults& v : r.variants) per_variant.push_back(&v.fault_bands);
  return union_of_bands(per_variant, kMaxFaultWindows);  // bands beyond would only hide the lines
}

std::string charts_html(const Results& r, ChartRenderer* renderer, const std::string& no_charts_reason) {
  std::string out = "<section id=\"charts\">\n<h2>Charts</h2>\n";
  if (!renderer)
    return out + "<p class=\"note\">" + no_charts_note(no_charts_reason) +
           " The tables above hold the results.</p>\n</section>\n";
  std::vector<ChartData> data;
  std::string missing;  // variants whose time series could not be read, and why
  for (const VariantResults& v : r.variants) {
    if (!v.series.columns.empty())
      data.push_back(v.series);
    else if (!v.series_note.empty())
      missing += "<p class=\"note\">No chart of <code>" + name(v.name) + "</code>: " + esc(v.series_note) + ".</p>\n";
  }
  if (data.empty())
    return out +
           (missing.empty() ? "<p class=\"note\">No time series (timeseries.csv) in this folder.</p>\n" : missing) +
           "</section>\n";
  out += missing;
  const FaultBands bands = every_band(r);
  out += "<p class=\"legend-note\">";
  out += bands.empty() ? "No faults in this run. " : "Shaded bands: the faults, one colour each (named in each chart's legend). ";
  if (data.size() > 1) out += "Colour: variant; dash pattern: series. ";
  out += "Time includes the warm-up.</p>\n";
  std::vector<std::string> quiet;  // titles of the charts that stayed at zero in every variant
  for (const ChartSpec& spec : standard_charts(data.front().columns)) {
    ChartSpec shown = without_silent_series(spec, data);
    shown.log_y = spec.id == "latency" && spans_decades(shown, data);
    const BoundedChart chart = bounded_chart(shown, data);
    // A chart that stays at zero says so in a line instead of taking a screen of nothing.
    if (all_zero(chart.spec, chart.data)) {
      quiet.push_back(spec.title);
      continue;
    }
    out += "<figure id=\"chart-" + esc(spec.id) + "\">\n";
    out += renderer->svg(chart.spec, chart.data, bands, kChartWidth, kChartHeight);
    std::string copies;
    for (const std::string& note : copy_notes(chart.spec, chart.data)) copies += (copies.empty() ? "" : "; ") + note;
    out += "\n<figcaption>" + esc(chart_caption(spec.id)) + (chart.note.empty() ? "" : " " + esc(chart.note)) +
           (copies.empty() ? "" : " Drawn over one another (the copy thinner): " + esc(copies) + ".") +
           "</figcaption>\n</figure>\n";
  }
  if (!quiet.empty()) {
    out += "<p class=\"note\" id=\"quiet-charts\">Zero throughout, in every variant: ";
    for (std::size_t i = 0; i < quiet.size(); ++i) out += (i ? ", " : "") + esc(quiet[i]);
    out += ".</p>\n";
  }
  return out + "</section>\n";
}

}  // namespace

std::string report_date() {
  std::time_t t = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    const long long v = std::strtoll(epoch, &end, 10);
    if (end && *end == '\0' && v >= 0) t = static_cast<std::time_t>(v);
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

std::string render_html_report(const Results& r, ChartRenderer* charts, const std::string& generated_at,
                               const std::string& no_charts_reason) {
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<title>" + esc("chaossim report: " + clipped(r.title.empty() ? r.scenario : r.title, kMaxTitleBytes)) +
          "</title>\n";
  page += "<style>" + std::string(report_css()) + "</style>\n</head>\n<body>\n<main>\n";
  page += header_html(r, generated_at);
  page += decision_summary_html(r);
  page += verdicts_html(r);
  page += about_html(r);
  page += system_section_html(r);
  if (r.map) page += map_section_html(*r.map);
  if (r.sweep) {
    page += sweep_section_html(r, charts, no_charts_reason);
  } else {
    page += metrics_html(r);
    page += charts_html(r, charts, no_charts_reason);
    page += trace_section_html(r);
  }
  page += "<footer>Made by chaossim " + name(r.version.empty() ? std::string(CHAOSSIM_VERSION) : r.version) +
          " from the results folder <code>" + name(r.dir.filename().string()) +
          "</code>. Same scenario, seed and chaossim version give the same numbers.</footer>\n";
  page += "</main>\n</body>\n</html>\n";
  return page;
}

}  // namespace chaossim
