// libFuzzer target for the Markdown renderer of scenario descriptions (reports/html/markdown.h), which are
// untrusted. Any bytes must render without a crash, a hang or a sanitizer report, and the HTML must be safe: no
// tag but our own (so no "<script"), no link address at all (so no "javascript:" in an href), and every other
// '<', '>', '&' and quote escaped. The check is the one the unit tests use (tests/reports/markdown_output_check.h).
// markdown_escape, which writes table cells of summary.md, is held to its promise too: no raw HTML, no line break.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "html/markdown.h"
#include "reports/markdown_output_check.h"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail, const std::string& html) {
  std::fprintf(stderr, "markdown_fuzzer: %s: %s\n--- output (first 2000 bytes) ---\n%.2000s\n", what,
               detail.c_str(), html.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // The first byte also picks a heading offset, so headings meet the h6 cap as the report uses it (offset 2).
  const int offset = size > 0 ? data[0] % 4 : 0;
  const std::string html = chaossim::markdown_to_html(text, offset);
  if (const std::string problem = chaossim::testing::markdown_output_problem(html); !problem.empty())
    fail("unsafe or malformed HTML", problem, html);
  // Also covered by the check, which allows no tag but ours: spelt out because it is the promise that matters most.
  // (Addresses need no such line: the text may say "href=", escaped, but no tag of ours has an href or a src.)
  if (html.find("<script") != std::string::npos) fail("a script tag", "", html);

  const std::string cell = chaossim::markdown_escape(text);
  if (cell.find_first_of("<>\r\n") != std::string::npos)
    fail("markdown_escape let through", "< > or a line break", cell);
  return 0;
}
