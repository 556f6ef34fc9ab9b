#include "html/system_section.h"

#include "html/markdown.h"
#include "html/system_words.h"
#include "html/topology_svg.h"

namespace chaossim {

namespace {

// A report lists every service and edge up to this many (far beyond a readable system), then says how many more.
constexpr std::size_t kMaxRows = 200;

}  // namespace

// ---- HTML ------------------------------------------------------------------------------------------------------

namespace {

std::string esc(const std::string& text) { return html_escape(text); }

std::string cells(const std::vector<std::string>& values) {
  std::string out = "<tr>";
  for (const std::string& v : values) out += "<td>" + esc(v) + "</td>";
  return out + "</tr>\n";
}

std::string more_rows_note(std::size_t total, const char* what) {
  if (total <= kMaxRows) return "";
  return "<p class=\"note\">The first " + std::to_string(kMaxRows) + " of " + std::to_string(total) + " " + what +
         " are listed.</p>\n";
}

std::string change_items_html(const ConfigChanges& c) {
  if (c.unknown) return "<p class=\"note\">scenario.json has no variant of this name.</p>\n";
  std::string out = "<ul class=\"changes\">\n";
  for (const Change& change : c.changes)
    out += "<li><code>" + esc(change.path) + "</code>: " + esc(change.before) + " → <strong>" + esc(change.after) +
           "</strong></li>\n";
  if (c.changes.empty()) out += "<li>nothing in the system</li>\n";
  if (c.own_expectations) out += "<li>and states its own expectations</li>\n";
  return out + "</ul>\n";
}

}  // namespace

std::string system_section_html(const Results& results) {
  const SystemView view = system_view(results);
  std::string out = "<section id=\"system\">\n<h2>The system</h2>\n";
  if (!view.baseline) return out + "<p class=\"note\">" + esc(view.problem) + "</p>\n</section>\n";
  const Scenario& s = *view.baseline;

  std::string why_not;
  const std::string svg = topology_svg(s, &why_not);
  out += svg.empty() ? "<p class=\"note\">" + esc(why_not) + "</p>\n"
                     : "<figure class=\"topology\">" + svg + "</figure>\n";

  const std::vector<ServiceRow> services = service_rows(s);
  out +=
      "<h3>Services</h3>\n<table class=\"system\">\n<thead><tr><th>Service</th><th>Workers</th><th>Queue</th>"
      "<th>Handler</th><th>Idempotency store</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < services.size() && i < kMaxRows; ++i) {
    const ServiceRow& r = services[i];
    out += cells({r.name, r.workers, r.queue, r.handler, r.idempotency});
  }
  out += "</tbody></table>\n" + more_rows_note(services.size(), "services");

  const std::vector<EdgeRow> edges = edge_rows(s);
  out +=
      "<h3>Edges</h3>\n<table class=\"system\">\n<thead><tr><th>Caller → callee</th><th>Latency</th>"
      "<th>Timeout</th><th>Retries</th><th>Idempotency key</th><th>Breaker</th><th>Bulkhead</th>"
      "<th>Fallback</th><th>Retry budget</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < edges.size() && i < kMaxRows; ++i) {
    const EdgeRow& r = edges[i];
    out += cells({r.caller + " → " + r.callee, r.latency, r.timeout, r.retry, r.key, r.breaker, r.bulkhead, r.fallback,
                  r.budget});
  }
  out += "</tbody></table>\n" + more_rows_note(edges.size(), "edges");

  if (!view.configs.empty()) {
    out += results.sweep ? "<h3>What each sweep point sets</h3>\n" : "<h3>What each variant changes</h3>\n";
    for (const ConfigChanges& c : view.configs)
      out += "<h4><code>" + esc(c.name) + "</code></h4>\n" + change_items_html(c);
    if (results.sweep && results.sweep->points.size() > view.configs.size())
      out += "<p class=\"note\">The first " + std::to_string(view.configs.size()) + " of " +
             std::to_string(results.sweep->points.size()) + " points are listed; the sweep table has them all.</p>\n";
  }
  return out + "</section>\n";
}

// ---- Markdown --------------------------------------------------------------------------------------------------

namespace {

std::string md(const std::string& text) { return markdown_escape(text); }

}  // namespace

std::string system_section_markdown(const Results& results) {
  const SystemView view = system_view(results);
  std::string out = "### The system\n\n";
  if (!view.baseline) return out + md(view.problem) + "\n\n";
  const Scenario& s = *view.baseline;
  out += "| Service | Workers | Queue | Handler | Idempotency store |\n|---|---|---|---|---|\n";
  for (const ServiceRow& r : service_rows(s))
    out += "| " + md(r.name) + " | " + md(r.workers) + " | " + md(r.queue) + " | " + md(r.handler) + " | " +
           md(r.idempotency) + " |\n";
  out +=
      "\n| Caller → callee | Timeout | Retries | Key | Breaker | Bulkhead | Fallback | Budget |\n"
      "|---|---|---|---|---|---|---|---|\n";
  for (const EdgeRow& r : edge_rows(s))
    out += "| " + md(r.caller + " → " + r.callee) + " | " + md(r.timeout) + " | " + md(r.retry) + " | " + md(r.key) +
           " | " + md(r.breaker) + " | " + md(r.bulkhead) + " | " + md(r.fallback) + " | " + md(r.budget) + " |\n";
  if (!view.configs.empty())
    out += results.sweep ? "\n#### What each sweep point sets\n" : "\n#### What each variant changes\n";
  for (const ConfigChanges& c : view.configs) {
    out += "\n**" + md(c.name) + "**\n\n";
    if (c.unknown) out += "- scenario.json has no variant of this name\n";
    for (const Change& change : c.changes)
      out += "- " + md(change.path) + ": " + md(change.before) + " → " + md(change.after) + "\n";
    if (c.own_expectations) out += "- and states its own expectations\n";
  }
  return out + "\n";
}

}  // namespace chaossim
