#pragma once
// A checker of what markdown_to_html may write, shared by the unit tests (tests/reports/markdown_test.cpp) and the
// fuzzer (fuzz/markdown_fuzzer.cpp): the only markup is our own fixed set of tags, properly nested, and every other
// '<', '>', '&' and quote of the input arrives escaped. It needs nothing but the standard library, so the fuzzer can
// use it without GoogleTest.

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace chaossim::testing {

// Empty when `html` is a fragment the renderer may produce; otherwise what is wrong and where.
inline std::string markdown_output_problem(std::string_view html) {
  static constexpr std::string_view kContainers[] = {"p",  "h1", "h2", "h3", "h4",     "h5",         "h6",
                                                     "ul", "ol", "li", "pre", "code", "blockquote", "em",
                                                     "strong", "span"};
  static constexpr std::string_view kEntities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
  const auto is_container = [](std::string_view name) {
    for (const std::string_view c : kContainers)
      if (c == name) return true;
    return false;
  };
  const auto at = [](std::size_t i) { return " at offset " + std::to_string(i); };
  std::vector<std::string_view> open;
  for (std::size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (c == '&') {
      bool known = false;
      for (const std::string_view e : kEntities) known = known || html.substr(i, e.size()) == e;
      if (!known) return "an unescaped '&'" + at(i);
    } else if (c == '>' || c == '"' || c == '\'') {
      return std::string("an unescaped '") + c + "'" + at(i);
    } else if (c == '<') {
      const std::size_t end = html.find('>', i);
      if (end == std::string_view::npos) return "an unescaped '<'" + at(i);
      const std::string_view tag = html.substr(i + 1, end - i - 1);
      if (tag == "br" || tag == "hr") {
        // Void elements: nothing to close.
      } else if (!tag.empty() && tag.front() == '/') {
        const std::string_view name = tag.substr(1);
        if (open.empty() || open.back() != name) return "a misnested </" + std::string(name) + ">" + at(i);
        open.pop_back();
      } else if (tag == "span class=\"md-url\"") {
        open.push_back("span");
      } else if (tag.rfind("ol start=\"", 0) == 0 && tag.size() > 11 && tag.back() == '"') {
        for (const char d : tag.substr(10, tag.size() - 11))
          if (!std::isdigit(static_cast<unsigned char>(d))) return "a strange <ol> start" + at(i);
        open.push_back("ol");
      } else if (is_container(tag) && tag != "span") {
        open.push_back(tag);
      } else {
        return "a tag that is not ours: <" + std::string(tag) + ">" + at(i);
      }
      i = end;
    }
  }
  if (!open.empty()) return "an unclosed <" + std::string(open.back()) + ">";
  return {};
}

}  // namespace chaossim::testing
