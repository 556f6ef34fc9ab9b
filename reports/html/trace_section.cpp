#include "html/trace_section.h"

#include <algorithm>

#include "html/markdown.h"       // html_escape, markdown_escape
#include "html/report_limits.h"  // clipped, kMaxVariantColumns
#include "html/trace_svg.h"
#include "traces/trace_files.h"
#include "traces/trace_story.h"

namespace chaossim {

namespace {

using namespace report_limits;

std::string esc(const std::string& s) { return html_escape(clipped(s, kMaxNameBytes)); }

const traces::Operation* first_with(const traces::Document& doc, std::uint8_t reason) {
  for (const traces::Operation& op : doc.operations)
    if (op.reasons & reason) return &op;
  return nullptr;
}

std::string figure(const traces::Operation& op, const std::string& what, const std::string& variant) {
  const std::string story = traces::trace_story(op);
  return "<figure class=\"anatomy\">\n<figcaption><strong>" + what + "</strong> (operation " +
         std::to_string(op.serial) + "): " + html_escape(clipped(story, kMaxTitleBytes)) + "</figcaption>\n" +
         trace_svg(traces::lay_out_sequence(op), variant + ", " + what + ": " + story) + "\n</figure>\n";
}

}  // namespace

std::string trace_section_markdown(const Results& r) {
  std::string body;
  const std::size_t shown = std::min(r.variants.size(), kMaxVariantColumns);
  const auto md = [](const std::string& s, std::size_t max) { return markdown_escape(clipped(s, max)); };
  for (std::size_t i = 0; i < shown; ++i) {
    const VariantResults& v = r.variants[i];
    const auto read = traces::read_trace_file(r.dir / v.name);
    if (!read) continue;
    const std::string name = "**" + md(v.name, kMaxNameBytes) + "**";
    if (std::get_if<std::string>(&*read)) {
      body += "- " + name + ": the traces cannot be read (see the report).\n";
      continue;
    }
    const traces::Document& doc = std::get<traces::Document>(*read);
    const traces::Operation* dup = first_with(doc, TraceConfig::kDuplicated);
    const traces::Operation* failed = first_with(doc, TraceConfig::kFailed);
    const auto told = [&](const traces::Operation& op, const char* what) {
      return std::string(what) + " (operation " + std::to_string(op.serial) + "): " +
             md(traces::trace_story(op), kMaxTitleBytes);
    };
    if (dup) body += "- " + name + ", " + told(*dup, "a duplicate") + "\n";
    if (failed && failed != dup) body += "- " + name + ", " + told(*failed, "a failure") + "\n";
    if (!dup && !failed)
      body += "- " + name + ": no traced operation ended duplicated or failed (" +
              std::to_string(doc.operations.size()) + " traced).\n";
  }
  if (body.empty()) return "";
  return "### Anatomy of a duplicate, anatomy of a failure\n\n" + body +
         "\nThe report draws each as a sequence diagram; trace.perfetto.json opens in ui.perfetto.dev.\n\n";
}

std::string trace_section_html(const Results& r) {
  std::string body;
  const std::size_t shown = std::min(r.variants.size(), kMaxVariantColumns);
  for (std::size_t i = 0; i < shown; ++i) {
    const VariantResults& v = r.variants[i];
    const auto read = traces::read_trace_file(r.dir / v.name);
    if (!read) continue;
    body += "<h3><code>" + esc(v.name) + "</code></h3>\n";
    if (const auto* error = std::get_if<std::string>(&*read)) {
      body += "<p class=\"note\">The traces of this variant cannot be read: " + esc(*error) + ".</p>\n";
      continue;
    }
    const traces::Document& doc = std::get<traces::Document>(*read);
    const traces::Operation* dup = first_with(doc, TraceConfig::kDuplicated);
    const traces::Operation* failed = first_with(doc, TraceConfig::kFailed);
    if (dup) body += figure(*dup, "Anatomy of a duplicate", v.name);
    if (failed && failed != dup) body += figure(*failed, "Anatomy of a failure", v.name);
    if (!dup && !failed)
      body += "<p>No traced operation of this variant ended duplicated or failed (" +
              std::to_string(doc.operations.size()) + " traced).</p>\n";
  }
  if (body.empty()) return "";
  return "<section id=\"traces\">\n<h2>Anatomy of a duplicate, anatomy of a failure</h2>\n"
         "<p class=\"legend-note\">The first operation of each variant that ran an effect more than once, and the "
         "first that failed, as the run traced them (trace.otlp.json; trace.perfetto.json opens in "
         "ui.perfetto.dev). Time runs downwards, compressed: the times on the left are real. Bars are attempts "
         "and, at services, requests (yellow: waiting in the queue; blue: work); hatched bars are backoff waits. "
         "A red cross is a message lost; a red diamond an effect run again.</p>\n" +
         body + "</section>\n";
}

}  // namespace chaossim
