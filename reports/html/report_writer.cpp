#include "html/report_writer.h"

#include <fstream>
#include <iostream>
#include <variant>

#include "html/chart_program.h"
#include "html/html_report.h"
#include "html/summary_markdown.h"
#include "output_file.h"

namespace chaossim {

namespace fs = std::filesystem;

namespace {

// How each file begins (html_report.cpp, summary_markdown.cpp): what marks a file as one the report may replace.
constexpr std::string_view kHtmlMark = "<title>chaossim report: ";
constexpr std::string_view kSummaryMark = "## chaossim: ";

bool begins_like(const fs::path& file, std::string_view mark) {
  std::ifstream in(file, std::ios::binary);
  std::string head(1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.find(mark) != std::string::npos;
}

// Throws OutputError unless `target` can be written: its folder exists, and it is absent or an earlier report.
void check_target(const fs::path& target, std::string_view mark, const char* what) {
  check_writable_target(target);
  std::error_code ec;
  if (fs::exists(target, ec) && !begins_like(target, mark))
    throw OutputError(target.string() + ": exists and is not a chaossim " + what +
                      "; refusing to overwrite it (choose another name or remove it)");
}

}  // namespace

ReportTargets report_targets(const fs::path& results_dir, fs::path html, fs::path summary) {
  if (html.empty()) html = results_dir / "report.html";
  if (summary.empty())
    summary = html.parent_path() /
              (html.filename() == "report.html" ? fs::path("summary.md") : fs::path(html.stem().string() + ".md"));
  return {html, summary};
}

std::optional<ReportFailure> write_report_files(const fs::path& results_dir, const ReportTargets& targets,
                                                const std::atomic<bool>* cancel) {
  const auto interrupted = [&] { return cancel && cancel->load(); };
  const ReportFailure stopped{ReportFailure::Kind::interrupted, "interrupted: no report written"};
  auto results = read_results(results_dir);
  if (auto* error = std::get_if<std::string>(&results)) return ReportFailure{ReportFailure::Kind::bad_results, *error};
  const Results& r = std::get<Results>(results);
  try {
    if (fs::absolute(targets.html).lexically_normal() == fs::absolute(targets.summary).lexically_normal())
      throw OutputError(targets.html.string() + ": the report and its summary cannot be the same file");
    check_target(targets.html, kHtmlMark, "report");
    check_target(targets.summary, kSummaryMark, "summary");
  } catch (const OutputError& e) {
    return ReportFailure{ReportFailure::Kind::unwritable, e.what()};
  }
  const std::string date = report_date();
  const std::unique_ptr<ChartRenderer> charts = make_chart_renderer();
  std::string no_charts_reason = kNoChartsInThisBuild;
  if (!charts)
    if (const auto program = chart_program()) {
      const ChartProgramOutcome outcome =
          write_report_with(*program, results_dir, targets.html, targets.summary, cancel);
      if (outcome.wrote) return std::nullopt;
      if (interrupted()) return stopped;
      no_charts_reason = outcome.why_not;
      std::cerr << "chaossim: writing the report without charts: " << no_charts_reason << '\n';
    }
  try {
    const std::string html = render_html_report(r, charts.get(), date, no_charts_reason);
    if (interrupted()) return stopped;
    write_file_atomic(targets.html, html);
    const bool beside = fs::absolute(targets.html).parent_path().lexically_normal() ==
                        fs::absolute(targets.summary).parent_path().lexically_normal();
    const std::string summary = render_summary_markdown(
        r, date, beside ? targets.html.filename().string() : fs::absolute(targets.html).lexically_normal().string(),
        beside);
    if (interrupted()) return stopped;
    write_file_atomic(targets.summary, summary);
  } catch (const OutputError& e) {
    return ReportFailure{ReportFailure::Kind::unwritable, e.what()};
  }
  return std::nullopt;
}

std::optional<ReportFailure> write_report_files(const fs::path& results_dir) {
  return write_report_files(results_dir, report_targets(results_dir));
}

std::optional<std::string> write_report(const fs::path& results_dir) {
  if (auto error = write_report_files(results_dir)) return error->message;
  return std::nullopt;
}

}  // namespace chaossim
