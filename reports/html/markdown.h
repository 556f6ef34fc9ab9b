#pragma once
// A small, safe Markdown renderer for scenario descriptions, which are untrusted: every character of the input
// reaches the output escaped, raw HTML is shown as text, and links are shown as their text followed by the address
// as plain text (never as a clickable link, and never an address with a scheme other than http, https or mailto).
//
// Supported: paragraphs, headings (#..######), bullet and numbered lists, block quotes, fenced code blocks,
// **bold**, *italic* (and _italic_ between word boundaries), `code`, [text](address), backslash escapes.

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
