#pragma once
// A safe Markdown renderer for scenario descriptions, which are untrusted. md4c parses them as CommonMark and our
// own renderer writes the HTML, so what reaches the page is decided here: every text and attribute is escaped, raw
// HTML is shown as text, and links and images are shown as their text followed by the address as plain text
// (never a clickable link or a loaded image, and never an address with a scheme other than http, https or mailto).
//
// Supported: CommonMark (paragraphs, headings, lists, block quotes, fenced and indented code, emphasis, code spans,
// links, images, autolinks, entities, backslash escapes, hard line breaks). Not supported: raw HTML, tables.

#include <string>
#include <string_view>

namespace chaossim {

// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view text);

// Renders Markdown to an HTML fragment. `heading_offset` shifts heading levels ("#" becomes h(1 + offset)), so a
// description under the report's own title starts below it; levels stop at h6.
std::string markdown_to_html(std::string_view markdown, int heading_offset = 0);

// Escapes text for a Markdown table cell or line (summary.md): emphasis, code, link and table characters are
// backslash-escaped (and a leading block marker such as - or #), line breaks become spaces, and < > & become
// entities so no HTML reaches a renderer.
std::string markdown_escape(std::string_view text);

}  // namespace chaossim
