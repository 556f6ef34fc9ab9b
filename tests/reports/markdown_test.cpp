// reports/html/markdown.h: the renderer of untrusted scenario descriptions (md4c's CommonMark parser and our HTML).
#include "html/markdown.h"

#include <gtest/gtest.h>

#include "reports/markdown_output_check.h"

namespace chaossim {
namespace {

using testing::markdown_output_problem;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
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
  EXPECT_EQ(markdown_to_html("3. three\n4. four"), "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n");
}

TEST(markdown, code_blocks_quotes_rules_and_line_breaks) {
  EXPECT_EQ(markdown_to_html("```json\n{\"a\": 1 < 2}\n```"), "<pre><code>{&quot;a&quot;: 1 &lt; 2}\n</code></pre>\n");
  EXPECT_EQ(markdown_to_html("> quoted\n\n---"), "<blockquote>\n<p>quoted</p>\n</blockquote>\n<hr>\n");
  EXPECT_EQ(markdown_to_html("one  \ntwo\nthree"), "<p>one<br>\ntwo\nthree</p>\n");
}

TEST(markdown, raw_html_is_shown_as_text) {
  const std::string html = markdown_to_html("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>");
  EXPECT_FALSE(contains(html, "<script"));
  EXPECT_FALSE(contains(html, "<img"));
  EXPECT_EQ(html, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>&lt;img src=x onerror=alert(1)&gt;</p>\n");
}

TEST(markdown, script_inside_emphasis_code_and_lists_is_escaped) {
  for (const char* text : {"**<script>x</script>**", "*<script>*", "`<script>`", "- <script>", "# <script>",
                           "> <script>", "```\n<script>\n```", "[<script>](https://example.org)",
                           "&#60;script&#62;", "&#x3C;script&#x3E;", "&lt;script&gt;", "<scr<script>ipt>",
                           "<div>\n<script>\n</div>", "    <script>", "![<script>](x.png)", "<SCRIPT SRC=//x>"}) {
    const std::string html = markdown_to_html(text);
    EXPECT_FALSE(contains(html, "<script")) << text << " -> " << html;
    EXPECT_FALSE(contains(html, "<SCRIPT")) << text << " -> " << html;
    EXPECT_EQ(markdown_output_problem(html), "") << text << " -> " << html;
  }
}

TEST(markdown, entities_are_decoded_then_escaped) {
  EXPECT_EQ(markdown_to_html("&copy; 5 &times; 3 &ndash; &#65;&#x42; &amp; &lt;b&gt;"),
            "<p>\u00a9 5 \u00d7 3 \u2013 AB &amp; &lt;b&gt;</p>\n");
  // md4c has no list of names: one we do not know is shown as written, never passed through as markup.
  EXPECT_EQ(markdown_to_html("&hearts;"), "<p>&amp;hearts;</p>\n");
  // NUL and numbers beyond Unicode become the replacement character, as CommonMark says; more than 7 digits make
  // no entity at all, only text.
  EXPECT_EQ(markdown_to_html("&#0;&#x110000;&#9999999;"), "<p>\ufffd\ufffd\ufffd</p>\n");
  EXPECT_EQ(markdown_to_html("&#99999999;"), "<p>&amp;#99999999;</p>\n");
}

TEST(markdown, links_are_text_and_address_never_clickable) {
  const std::string html = markdown_to_html("see [the docs](https://example.org/a?b=1&c=2)");
  EXPECT_FALSE(contains(html, "<a "));
  EXPECT_FALSE(contains(html, "href"));
  EXPECT_EQ(html, "<p>see the docs <span class=\"md-url\">(https://example.org/a?b=1&amp;c=2)</span></p>\n");
}

TEST(markdown, safe_addresses_are_shown_and_autolinks_are_not_repeated) {
  EXPECT_EQ(markdown_to_html("[a](HTTPS://x.org) [b](mailto:me@x.org) [c](docs/retries.md#keys) [d](#top)"),
            "<p>a <span class=\"md-url\">(HTTPS://x.org)</span> b <span class=\"md-url\">(mailto:me@x.org)</span> "
            "c <span class=\"md-url\">(docs/retries.md#keys)</span> d <span class=\"md-url\">(#top)</span></p>\n");
  EXPECT_EQ(markdown_to_html("<https://example.org> <me@example.org>"), "<p>https://example.org me@example.org</p>\n");
  EXPECT_EQ(markdown_to_html("![a chart](charts/goodput.svg)"),
            "<p>a chart <span class=\"md-url\">(charts/goodput.svg)</span></p>\n");
}

TEST(markdown, javascript_addresses_are_dropped) {
  // Mixed case, entities that spell the scheme or hide its colon, tabs, line breaks and control characters inside
  // (allowed in an address between < and >), leading spaces, images, and reference links.
  for (const char* text : {"[click](javascript:alert(1))", "[click](JavaScript:alert(1))", "[click](JAVASCRIPT:x)",
                           "[click](<java\tscript:x>)", "[click](<java\x01script:x>)", "[click](<\x0bjavascript:x>)",
                           "[click](  javascript:x)", "[click](&#106;avascript:alert(1))",
                           "[click](&#x6A;avascript:x)", "[click](&#X6a;AVASCRIPT:x)", "[click](javascript&colon;x)",
                           "[click](java&Tab;script:x)", "[click](java&NewLine;script:x)",
                           "[click](javascript&#58;x)", "[click](data:text/html,<script>)", "[click](DATA:x)",
                           "[click](vbscript:msgbox)", "[click](VBScript:msgbox)", "[click](file:///etc/passwd)",
                           "![click](javascript:alert(1))", "[click][r]\n\n[r]: javascript:alert(1)",
                           "[click](<javascript:alert(1)> \"title\")"}) {
    const std::string html = markdown_to_html(text);
    EXPECT_FALSE(contains(html, "md-url")) << text << " -> " << html;
    EXPECT_FALSE(contains(html, "script:")) << text << " -> " << html;
    EXPECT_FALSE(contains(html, "data:")) << text << " -> " << html;
    EXPECT_FALSE(contains(html, "DATA:")) << text << " -> " << html;
    EXPECT_FALSE(contains(html, "file:")) << text << " -> " << html;
    EXPECT_TRUE(contains(html, "<p>click</p>")) << text << " -> " << html;
    EXPECT_EQ(markdown_output_problem(html), "") << text << " -> " << html;
  }
}

TEST(markdown, an_address_that_is_not_a_link_stays_inert_text) {
  // CommonMark allows no tab in an address outside < >: this is no link at all, and its text is only text.
  EXPECT_EQ(markdown_to_html("[click]( java\tscript:x)"), "<p>[click]( java\tscript:x)</p>\n");
  // An autolink with a dangerous scheme shows its text, which is all it has, and never as an address.
  EXPECT_EQ(markdown_to_html("<javascript:alert(1)>"), "<p>javascript:alert(1)</p>\n");
}

TEST(markdown, quotes_in_text_are_escaped) {
  EXPECT_EQ(markdown_to_html("a \"b\" 'c' & d"), "<p>a &quot;b&quot; &#39;c&#39; &amp; d</p>\n");
}

TEST(markdown, backslash_escapes) { EXPECT_EQ(markdown_to_html("\\*not\\* emphasis"), "<p>*not* emphasis</p>\n"); }

TEST(markdown, unterminated_constructs_stay_as_text) {
  EXPECT_EQ(markdown_to_html("a * b ** c `d"), "<p>a * b ** c `d</p>\n");
  EXPECT_EQ(markdown_to_html("**bold"), "<p>**bold</p>\n");
  EXPECT_EQ(markdown_to_html("[text](https://x.org"), "<p>[text](https://x.org</p>\n");
  EXPECT_EQ(markdown_to_html("[text](<https://x.org)"), "<p>[text](&lt;https://x.org)</p>\n");
  EXPECT_EQ(markdown_to_html("<script"), "<p>&lt;script</p>\n");
  EXPECT_EQ(markdown_to_html("<!-- never closed"), "<p>&lt;!-- never closed</p>\n");
  EXPECT_EQ(markdown_to_html("![img]("), "<p>![img](</p>\n");
  // A fence that is never closed runs to the end of the text, as CommonMark says.
  EXPECT_EQ(markdown_to_html("```\n<b>open\n\nstill code"), "<pre><code>&lt;b&gt;open\n\nstill code\n</code></pre>\n");
}

TEST(markdown, unmatched_delimiters_stay_fast) {
  // Many openers without a closer, at the size limit: linear, not quadratic (a quadratic scan would take minutes).
  const std::string stars(60'000, '*');
  EXPECT_EQ(markdown_to_html("x" + stars), "<p>x" + stars + "</p>\n");
  std::string underscores;
  for (int i = 0; i < 20'000; ++i) underscores += "_a ";
  EXPECT_EQ(markdown_to_html(underscores), "<p>" + underscores.substr(0, underscores.size() - 1) + "</p>\n");
  std::string links;
  for (int i = 0; i < 3'000; ++i) links += "[a](javascript:x) ";
  const std::string many = markdown_to_html(links);
  EXPECT_EQ(count(many, "a"), 3'000u);
  EXPECT_FALSE(contains(many, "javascript"));
}

TEST(markdown, deeply_nested_brackets_are_plain_text) {
  // md4c 0.4.8 takes time in the square of the nesting once a link is defined (6.5 s for 20,000 deep), so beyond
  // 32 levels in one paragraph the text is shown as it is.
  const std::string deep = std::string(20'000, '[') + "a" + std::string(20'000, ']') + "\n\n[a]: https://x.org";
  const std::string html = markdown_to_html(deep);
  EXPECT_EQ(html.rfind("<pre>", 0), 0u);
  EXPECT_EQ(count(html, "["), 20'001u);
  EXPECT_EQ(markdown_output_problem(html), "");
  // Shallow nesting, and deep nesting spread over paragraphs, are Markdown as usual.
  EXPECT_EQ(markdown_to_html("[[[a]]]\n\n[a]: https://x.org"),
            "<p>[[a <span class=\"md-url\">(https://x.org)</span>]]</p>\n");
  std::string paragraphs;
  for (int i = 0; i < 100; ++i) paragraphs += "[[a]]\n\n";
  EXPECT_EQ(count(markdown_to_html(paragraphs), "<p>[[a]]</p>"), 100u);
}

TEST(markdown, deep_nesting_keeps_the_text_and_bounds_the_tags) {
  const std::string quotes = markdown_to_html(std::string(10'000, '>') + " x");
  EXPECT_EQ(count(quotes, "<blockquote>"), 16u);
  EXPECT_TRUE(contains(quotes, "<p>x</p>"));
  EXPECT_EQ(markdown_output_problem(quotes), "");

  std::string list;
  for (int depth = 0; depth < 200; ++depth) list += std::string(static_cast<std::size_t>(depth) * 2, ' ') + "- item\n";
  const std::string lists = markdown_to_html(list);
  EXPECT_EQ(count(lists, "<ul>"), 16u);
  EXPECT_EQ(count(lists, "item"), 200u);
  EXPECT_EQ(markdown_output_problem(lists), "");

  std::string emphasis;
  for (int i = 0; i < 1000; ++i) emphasis += "**a *b ";  // 7 kB: nothing near the size limit
  const std::string spans = markdown_to_html(emphasis);
  EXPECT_EQ(count(spans, "a"), 1000u);
  EXPECT_EQ(markdown_output_problem(spans), "");

  const std::string nested = markdown_to_html(std::string(200, '*') + "x" + std::string(200, '*'));
  EXPECT_LE(count(nested, "<em>") + count(nested, "<strong>"), 16u);
  EXPECT_TRUE(contains(nested, "x"));
  EXPECT_EQ(markdown_output_problem(nested), "");
}

TEST(markdown, very_long_input_is_rendered_or_shown_as_plain_text) {
  std::string long_text;
  while (long_text.size() < 60'000) long_text += "Retry **storms** <script>x</script> [a](javascript:x)\n\n";
  const std::string rendered = markdown_to_html(long_text);
  EXPECT_EQ(count(rendered, "<strong>storms</strong>"), count(long_text, "**storms**"));
  EXPECT_FALSE(contains(rendered, "<script"));
  EXPECT_FALSE(contains(rendered, "javascript"));
  EXPECT_EQ(markdown_output_problem(rendered), "");
  // Beyond the renderer's limit (64 KiB, the most a scenario's description may hold) the whole text is still
  // shown, escaped, without Markdown.
  const std::string huge = long_text + long_text;
  const std::string plain = markdown_to_html(huge);
  EXPECT_EQ(plain.rfind("<pre>", 0), 0u);
  EXPECT_EQ(count(plain, "**storms**"), count(huge, "**storms**"));
  EXPECT_FALSE(contains(plain, "<script"));
  EXPECT_EQ(markdown_output_problem(plain), "");
}

TEST(markdown, reference_links_cannot_multiply_the_output) {
  // Used a few times, a reference definition is an ordinary link.
  EXPECT_EQ(markdown_to_html("[a] and [a]\n\n[a]: https://x.org"),
            "<p>a <span class=\"md-url\">(https://x.org)</span> and a <span class=\"md-url\">(https://x.org)"
            "</span></p>\n");
  // One long address used 12,000 times would be 120 MB of HTML; past the renderer's budget (16 bytes per byte of
  // input) the text is shown as it is, escaped, instead. The same holds for an address that is never shown.
  for (const char* scheme : {"https://x.org/", "javascript:"}) {
    std::string text = "[a]: " + std::string(scheme) + std::string(10'000, 'u') + "\n\n";
    for (int i = 0; i < 12'000; ++i) text += "[a] ";
    const std::string html = markdown_to_html(text);
    EXPECT_EQ(html.rfind("<pre>", 0), 0u) << scheme;
    EXPECT_LT(html.size(), 2 * text.size()) << scheme;
    EXPECT_EQ(markdown_output_problem(html), "") << scheme;
  }
}

TEST(markdown, spans_md4c_closes_without_opening_leave_no_stray_tags) {
  // md4c 0.4.8 reports the end of an emphasis here that it never began (found by fuzz/markdown_fuzzer.cpp).
  const std::string html = markdown_to_html("[](*)*");
  EXPECT_EQ(markdown_output_problem(html), "") << html;
  EXPECT_EQ(html.find("</em>"), std::string::npos) << html;
  EXPECT_NE(html.find("<span class=\"md-url\">(*)</span>"), std::string::npos) << html;
}

TEST(markdown, an_unfinished_link_at_the_very_end_is_text) {
  // md4c 0.4.8 reads one byte past its input here (found by fuzz/markdown_fuzzer.cpp): the renderer pads a copy.
  const std::string text = "[e]( closes<j";
  EXPECT_EQ(markdown_to_html(std::string_view(text.data(), text.size())), "<p>[e]( closes&lt;j</p>\n");
}

TEST(markdown_output_check, accepts_our_tags_and_rejects_anything_else) {
  EXPECT_EQ(markdown_output_problem("<p>a <em>b</em> <span class=\"md-url\">(c)</span></p>\n<ol start=\"3\"></ol>"),
            "");
  EXPECT_NE(markdown_output_problem("<p><script></p>"), "");
  EXPECT_NE(markdown_output_problem("<p>a < b</p>"), "");
  EXPECT_NE(markdown_output_problem("<p>a &copy;</p>"), "");
  EXPECT_NE(markdown_output_problem("<p><em></p></em>"), "");
  EXPECT_NE(markdown_output_problem("<a href=\"x\">"), "");
  EXPECT_NE(markdown_output_problem("<p>"), "");
}

TEST(markdown_escape, table_cells_cannot_break_out) {
  EXPECT_EQ(markdown_escape("a|b *c* <d> [e](f)\nnext"), "a\\|b \\*c\\* &lt;d&gt; \\[e\\](f) next");
  EXPECT_EQ(markdown_escape("- not a list, 2026-01-31"), "\\- not a list, 2026-01-31");
  EXPECT_EQ(markdown_escape("# not a heading"), "\\# not a heading");
}

}  // namespace
}  // namespace chaossim
