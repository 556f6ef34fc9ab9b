// reports/html/markdown.h: the renderer of untrusted scenario descriptions.
#include "html/markdown.h"

#include <gtest/gtest.h>

namespace chaossim {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(markdown, paragraphs_bold_italic_and_code) {
  EXPECT_EQ(markdown_to_html("Hello **big** *world* and `x < y`.\n\nSecond."),
            "<p>Hello <strong>big</strong> <em>world</em> and <code>x &lt; y</code>.</p>\n<p>Second.</p>\n");
}

TEST(markdown, snake_case_names_are_not_emphasis) {
  EXPECT_EQ(markdown_to_html("set max_attempts and per_attempt_key"), "<p>set max_attempts and per_attempt_key</p>\n");
  EXPECT_EQ(markdown_to_html("an _italic_ word"), "<p>an <em>italic</em> word</p>\n");
}

TEST(markdown, lists_and_headings) {
  EXPECT_EQ(markdown_to_html("# Title\n- one\n- **two**\n\n1. first\n2. second"),
            "<h1>Title</h1>\n<ul>\n<li>one</li>\n<li><strong>two</strong></li>\n</ul>\n<ol>\n<li>first</li>\n"
            "<li>second</li>\n</ol>\n");
  EXPECT_EQ(markdown_to_html("## Sub", 2), "<h4>Sub</h4>\n");
  EXPECT_EQ(markdown_to_html("###### Deep", 3), "<h6>Deep</h6>\n");
}

TEST(markdown, raw_html_is_shown_as_text) {
  const std::string html = markdown_to_html("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>");
  EXPECT_FALSE(contains(html, "<script"));
  EXPECT_FALSE(contains(html, "<img"));
  EXPECT_TRUE(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
}

TEST(markdown, script_inside_emphasis_code_and_lists_is_escaped) {
  for (const char* text : {"**<script>x</script>**", "*<script>*", "`<script>`", "- <script>", "# <script>",
                           "> <script>", "```\n<script>\n```", "[<script>](https://example.org)"}) {
    const std::string html = markdown_to_html(text);
    EXPECT_FALSE(contains(html, "<script")) << text << " -> " << html;
  }
}

TEST(markdown, links_are_text_and_address_never_clickable) {
  const std::string html = markdown_to_html("see [the docs](https://example.org/a?b=1&c=2)");
  EXPECT_FALSE(contains(html, "<a "));
  EXPECT_FALSE(contains(html, "href"));
  EXPECT_TRUE(contains(html, "the docs <span class=\"md-url\">(https://example.org/a?b=1&amp;c=2)</span>"));
}

TEST(markdown, javascript_addresses_are_dropped) {
  for (const char* text : {"[click](javascript:alert(1))", "[click](JavaScript:alert(1))", "[click]( java\tscript:x)",
                           "[click](data:text/html,<script>)", "[click](vbscript:msgbox)"}) {
    const std::string html = markdown_to_html(text);
    EXPECT_FALSE(contains(html, "javascript")) << text << " -> " << html;
    EXPECT_FALSE(contains(html, "script:")) << text << " -> " << html;
    EXPECT_FALSE(contains(html, "data:")) << text << " -> " << html;
    EXPECT_TRUE(contains(html, "click")) << text;
  }
}

TEST(markdown, quotes_in_text_are_escaped) {
  EXPECT_EQ(markdown_to_html("a \"b\" 'c' & d"), "<p>a &quot;b&quot; &#39;c&#39; &amp; d</p>\n");
}

TEST(markdown, backslash_escapes) { EXPECT_EQ(markdown_to_html("\\*not\\* emphasis"), "<p>*not* emphasis</p>\n"); }

TEST(markdown, unmatched_delimiters_stay_as_text_and_stay_fast) {
  EXPECT_EQ(markdown_to_html("a * b ** c `d"), "<p>a * b ** c `d</p>\n");
  // Many openers without a closer: linear, not quadratic (a quadratic scan would take minutes here).
  const std::string stars(400'000, '*');
  const std::string html = markdown_to_html("x" + stars);
  EXPECT_GE(html.size(), stars.size());
}

TEST(markdown, deep_nesting_is_bounded) {
  std::string quote(10'000, '>');
  EXPECT_NO_THROW(markdown_to_html(quote + " x"));
  std::string nested;
  for (int i = 0; i < 1000; ++i) nested += "**a *b ";
  EXPECT_NO_THROW(markdown_to_html(nested));
}

TEST(markdown_escape, table_cells_cannot_break_out) {
  EXPECT_EQ(markdown_escape("a|b *c* <d> [e](f)\nnext"), "a\\|b \\*c\\* &lt;d&gt; \\[e\\](f) next");
  EXPECT_EQ(markdown_escape("- not a list, 2026-01-31"), "\\- not a list, 2026-01-31");
  EXPECT_EQ(markdown_escape("# not a heading"), "\\# not a heading");
}

}  // namespace
}  // namespace chaossim
