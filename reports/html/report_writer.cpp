#include "html/report_writer.h"

#include <iostream>
#include <variant>

#include "html/chart_program.h"
#include "html/html_report.h"
#include "html/summary_markdown.h"
#include "writers.h"

namespace chaossim {

namespace fs = std::filesystem;

std::optional<ReportFailure> write_report_files(const fs::path& results_dir, fs::path html_path) {
  auto results = read_results(results_dir);
  if (auto* error = std::get_if<std::string>(&results)) return ReportFailure{ReportFailure::Kind::bad_results, *error};
  const Results& r = std::get<Results>(results);
  if (html_path.empty()) html_path = results_dir / "report.html";
  const std::string date = report_date();
  const std::unique_ptr<ChartRenderer> charts = make_chart_renderer();
  std::string no_charts_reason = kNoChartsInThisBuild;
  if (!charts)
    if (const auto program = chart_program()) {
      const ChartProgramOutcome outcome = write_report_with(*program, results_dir, html_path);
      if (outcome.wrote) return std::nullopt;
      no_charts_reason = outcome.why_not;
      std::cerr << "chaossim: writing the report without charts: " << no_charts_reason << '\n';
    }
  try {
    write_file_atomic(html_path, render_html_report(r, charts.get(), date, no_charts_reason));
    write_file_atomic(html_path.parent_path() / "summary.md", render_summary_markdown(r, date));
  } catch (const std::exception& e) {
    return ReportFailure{ReportFailure::Kind::unwritable, e.what()};
  }
  return std::nullopt;
}

std::optional<std::string> write_report(const fs::path& results_dir, fs::path html_path) {
  if (auto error = write_report_files(results_dir, std::move(html_path))) return error->message;
  return std::nullopt;
}

}  // namespace chaossim
