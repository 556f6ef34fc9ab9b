#include "html/markdown.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace chaossim {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string markdown_escape(std::string_view text) {
  std::string out;
  // These start a block only at the beginning of a line (a list, a heading, an image); elsewhere they are text.
  if (!text.empty() && std::string_view("-+#!=").find(text.front()) != std::string_view::npos) out += '\\';
  for (const char c : text) {
    switch (c) {
      case '\r':
      case '\n':
        out += ' ';
        break;
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '~':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// Nesting limits: inline emphasis inside emphasis, block quotes inside block quotes. Beyond them, text stays text.
constexpr int kMaxInlineDepth = 8;
constexpr int kMaxQuoteDepth = 4;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_punct(char c) { return std::ispunct(static_cast<unsigned char>(c)) != 0; }

// Only these schemes are worth showing; anything else (javascript:, data:, vbscript:, file:) is dropped. Browsers
// ignore tabs and line breaks inside a scheme ("java\tscript:"), so they are removed before looking.
bool shown_address(std::string_view url) {
  std::string compact;
  for (const char c : url)
    if (!is_space(c) && static_cast<unsigned char>(c) >= 0x20)
      compact += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::size_t colon = compact.find(':');
  if (colon == std::string::npos) return true;  // relative: shown as text, harmless
  const std::size_t slash = compact.find_first_of("/?#");
  if (slash != std::string::npos && slash < colon) return true;  // "a/b:c" is a path, not a scheme
  const std::string scheme = compact.substr(0, colon);
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

// Inline Markdown over one block of text. Each search for a closing delimiter that fails is remembered, so a text
// full of unmatched '*' is still scanned in linear time per nesting level.
class InlineRenderer {
 public:
  explicit InlineRenderer(std::string_view text) : m_text(text) {}

  std::string render() {
    std::string out;
    render_range(0, m_text.size(), 0, out);
    return out;
  }

 private:
  enum Delimiter { kStrong, kEmphasis, kUnderscore, kCount };

  // The position of the "**" closing a strong span opened before `from`, or npos.
  std::size_t find_strong_close(std::size_t from, std::size_t end) const {
    for (std::size_t i = from; i + 1 < end; ++i) {
      if (m_text[i] == '\\') {
        ++i;
        continue;
      }
      if (m_text[i] == '*' && m_text[i + 1] == '*' && !is_space(m_text[i - 1])) return i;
    }
    return std::string_view::npos;
  }
  // A single '*' (not part of "**") preceded by a non-space.
  std::size_t find_emphasis_close(std::size_t from, std::size_t end) const {
    for (std::size_t i = from; i < end; ++i) {
      if (m_text[i] == '\\') {
        ++i;
        continue;
      }
      if (m_text[i] != '*') continue;
      if (i + 1 < end && m_text[i + 1] == '*') {
        ++i;  // "**" belongs to strong emphasis
        continue;
      }
      if (!is_space(m_text[i - 1])) return i;
    }
    return std::string_view::npos;
  }
  // '_' after a non-space and not followed by a letter or digit (so snake_case names stay as they are).
  std::size_t find_underscore_close(std::size_t from, std::size_t end) const {
    for (std::size_t i = from; i < end; ++i) {
      if (m_text[i] == '\\') {
        ++i;
        continue;
      }
      if (m_text[i] == '_' && !is_space(m_text[i - 1]) && (i + 1 >= end || !is_word(m_text[i + 1]))) return i;
    }
    return std::string_view::npos;
  }

  // A code span opened by `ticks` backticks at `open`: the position of the closing run, or npos.
  std::size_t find_code_close(std::size_t from, std::size_t end, std::size_t ticks) const {
    for (std::size_t i = from; i < end;) {
      if (m_text[i] != '`') {
        ++i;
        continue;
      }
      std::size_t run = 0;
      while (i + run < end && m_text[i + run] == '`') ++run;
      if (run == ticks) return i;
      i += run;
    }
    return std::string_view::npos;
  }

  // [text](address): fills the parts and returns the position after ')', or npos.
  std::size_t parse_link(std::size_t open, std::size_t end, std::size_t& text_end, std::size_t& url_begin,
                         std::size_t& url_end) const {
    std::size_t i = open + 1;
    while (i < end && m_text[i] != ']' && m_text[i] != '[') i += m_text[i] == '\\' ? 2 : 1;
    if (i + 1 >= end || m_text[i] != ']' || m_text[i + 1] != '(') return std::string_view::npos;
    text_end = i;
    url_begin = i + 2;
    std::size_t j = url_begin;
    while (j < end && m_text[j] != ')' && m_text[j] != '\n') ++j;
    if (j >= end || m_text[j] != ')') return std::string_view::npos;
    url_end = j;
    return j + 1;
  }

  void render_range(std::size_t begin, std::size_t end, int depth, std::string& out) {
    bool no_close[kCount] = {false, false, false};
    std::size_t i = begin;
    while (i < end) {
      const char c = m_text[i];
      if (c == '\\' && i + 1 < end && is_punct(m_text[i + 1])) {
        out += html_escape(m_text.substr(i + 1, 1));
        i += 2;
        continue;
      }
      if (c == '`') {
        std::size_t ticks = 0;
        while (i + ticks < end && m_text[i + ticks] == '`') ++ticks;
        const std::size_t close = find_code_close(i + ticks, end, ticks);
        if (close == std::string_view::npos) {
          out += m_text.substr(i, ticks);
          i += ticks;
          continue;
        }
        std::string_view code = m_text.substr(i + ticks, close - i - ticks);
        if (code.size() >= 2 && code.front() == ' ' && code.back() == ' ') code = code.substr(1, code.size() - 2);
        out += "<code>" + html_escape(code) + "</code>";
        i = close + ticks;
        continue;
      }
      if (depth < kMaxInlineDepth && c == '*' && i + 2 < end && m_text[i + 1] == '*' && !is_space(m_text[i + 2]) &&
          !no_close[kStrong]) {
        const std::size_t close = find_strong_close(i + 3, end);
        if (close != std::string_view::npos) {
          out += "<strong>";
          render_range(i + 2, close, depth + 1, out);
          out += "</strong>";
          i = close + 2;
          continue;
        }
        no_close[kStrong] = true;
      }
      if (depth < kMaxInlineDepth && c == '*' && i + 1 < end && m_text[i + 1] != '*' && !is_space(m_text[i + 1]) &&
          !no_close[kEmphasis]) {
        const std::size_t close = find_emphasis_close(i + 2, end);
        if (close != std::string_view::npos) {
          out += "<em>";
          render_range(i + 1, close, depth + 1, out);
          out += "</em>";
          i = close + 1;
          continue;
        }
        no_close[kEmphasis] = true;
      }
      if (depth < kMaxInlineDepth && c == '_' && (i == begin || !is_word(m_text[i - 1])) && i + 1 < end &&
          !is_space(m_text[i + 1]) && m_text[i + 1] != '_' && !no_close[kUnderscore]) {
        const std::size_t close = find_underscore_close(i + 2, end);
        if (close != std::string_view::npos) {
          out += "<em>";
          render_range(i + 1, close, depth + 1, out);
          out += "</em>";
          i = close + 1;
          continue;
        }
        no_close[kUnderscore] = true;
      }
      if (c == '[' && depth < kMaxInlineDepth) {
        std::size_t text_end = 0, url_begin = 0, url_end = 0;
        const std::size_t after = parse_link(i, end, text_end, url_begin, url_end);
        if (after != std::string_view::npos) {
          render_range(i + 1, text_end, depth + 1, out);
          std::string_view url = m_text.substr(url_begin, url_end - url_begin);
          while (!url.empty() && is_space(url.front())) url.remove_prefix(1);
          while (!url.empty() && is_space(url.back())) url.remove_suffix(1);
          if (!url.empty() && shown_address(url)) out += " <span class=\"md-url\">(" + html_escape(url) + ")</span>";
          i = after;
          continue;
        }
      }
      out += html_escape(m_text.substr(i, 1));
      ++i;
    }
  }

  std::string_view m_text;
};

std::string render_inline(std::string_view text) { return InlineRenderer(text).render(); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::size_t indent_of(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

bool is_blank(std::string_view line) { return trim(line).empty(); }

bool is_fence(std::string_view line) {
  const std::string_view t = line.substr(std::min(indent_of(line), line.size()));
  return indent_of(line) <= 3 && (t.rfind("```", 0) == 0 || t.rfind("~~~", 0) == 0);
}

// "# Title" -> level 1 and "Title"; 0 when the line is not a heading.
int heading_level(std::string_view line, std::string_view& text) {
  if (indent_of(line) > 3) return 0;
  line.remove_prefix(indent_of(line));
  int level = 0;
  while (level < static_cast<int>(line.size()) && line[static_cast<std::size_t>(level)] == '#') ++level;
  if (level == 0 || level > 6) return 0;
  if (static_cast<std::size_t>(level) < line.size() && line[static_cast<std::size_t>(level)] != ' ') return 0;
  text = trim(line.substr(static_cast<std::size_t>(level)));
  while (!text.empty() && text.back() == '#') text.remove_suffix(1);  // closing hashes
  text = trim(text);
  return level;
}

bool is_rule(std::string_view line) {
  const std::string_view t = trim(line);
  if (t.size() < 3 || indent_of(line) > 3) return false;
  const char c = t.front();
  if (c != '-' && c != '*' && c != '_') return false;
  std::size_t marks = 0;
  for (const char x : t) {
    if (x == c)
      ++marks;
    else if (x != ' ')
      return false;
  }
  return marks >= 3;
}

bool is_quote(std::string_view line) {
  return indent_of(line) <= 3 && indent_of(line) < line.size() && line[indent_of(line)] == '>';
}

struct ListMarker {
  bool ordered = false;
  int start = 1;
  std::size_t content = 0;  // where the item text begins
};

// "- item", "* item", "+ item", "3. item", "3) item".
bool list_marker(std::string_view line, ListMarker& m) {
  const std::size_t ind = indent_of(line);
  if (ind > 3 || ind >= line.size()) return false;
  std::size_t i = ind;
  if (line[i] == '-' || line[i] == '*' || line[i] == '+') {
    m.ordered = false;
    ++i;
  } else {
    std::size_t digits = 0;
    int value = 0;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i])) && digits < 9) {
      value = value * 10 + (line[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0 || i >= line.size() || (line[i] != '.' && line[i] != ')')) return false;
    m.ordered = true;
    m.start = value;
    ++i;
  }
  if (i < line.size() && line[i] != ' ' && line[i] != '\t') return false;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  m.content = i;
  return true;
}

bool starts_block(std::string_view line) {
  std::string_view ignored;
  ListMarker m;
  return is_fence(line) || heading_level(line, ignored) > 0 || is_rule(line) || is_quote(line) || list_marker(line, m);
}

class BlockRenderer {
 public:
  BlockRenderer(int heading_offset, int quote_depth) : m_offset(heading_offset), m_quote_depth(quote_depth) {}

  std::string render(const std::vector<std::string_view>& lines) {
    std::string out;
    std::size_t i = 0;
    while (i < lines.size()) {
      const std::string_view line = lines[i];
      std::string_view heading;
      ListMarker marker;
      if (is_blank(line)) {
        ++i;
      } else if (is_fence(line)) {
        i = code_block(lines, i, out);
      } else if (const int level = heading_level(line, heading)) {
        const int h = std::min(6, level + m_offset);
        out += "<h" + std::to_string(h) + ">" + render_inline(heading) + "</h" + std::to_string(h) + ">\n";
        ++i;
      } else if (is_rule(line)) {
        out += "<hr>\n";
        ++i;
      } else if (is_quote(line) && m_quote_depth < kMaxQuoteDepth) {
        i = quote(lines, i, out);
      } else if (list_marker(line, marker)) {
        i = list(lines, i, marker, out);
      } else {
        i = paragraph(lines, i, out);
      }
    }
    return out;
  }

 private:
  std::size_t code_block(const std::vector<std::string_view>& lines, std::size_t i, std::string& out) {
    const std::string_view fence = trim(lines[i]).substr(0, 3);
    std::string code;
    ++i;
    while (i < lines.size() && trim(lines[i]).rfind(fence, 0) != 0) {
      code += lines[i];
      code += '\n';
      ++i;
    }
    out += "<pre><code>" + html_escape(code) + "</code></pre>\n";
    return i < lines.size() ? i + 1 : i;
  }

  std::size_t quote(const std::vector<std::string_view>& lines, std::size_t i, std::string& out) {
    std::vector<std::string_view> inner;
    while (i < lines.size() && is_quote(lines[i])) {
      std::string_view l = lines[i].substr(indent_of(lines[i]) + 1);
      if (!l.empty() && l.front() == ' ') l.remove_prefix(1);
      inner.push_back(l);
      ++i;
    }
    out += "<blockquote>\n" + BlockRenderer(m_offset, m_quote_depth + 1).render(inner) + "</blockquote>\n";
    return i;
  }

  std::size_t list(const std::vector<std::string_view>& lines, std::size_t i, const ListMarker& first,
                   std::string& out) {
    const char* tag = first.ordered ? "ol" : "ul";
    out += std::string("<") + tag;
    if (first.ordered && first.start != 1) out += " start=\"" + std::to_string(first.start) + "\"";
    out += ">\n";
    while (i < lines.size()) {
      ListMarker m;
      if (!list_marker(lines[i], m) || m.ordered != first.ordered) break;
      std::string item(lines[i].substr(m.content));
      ++i;
      // Continuation lines: anything up to a blank line or the start of another block.
      while (i < lines.size() && !is_blank(lines[i]) && !starts_block(lines[i])) {
        item += '\n';
        item += trim(lines[i]);
        ++i;
      }
      out += "<li>" + render_inline(item) + "</li>\n";
      // A blank line between items keeps the list going.
      std::size_t next = i;
      while (next < lines.size() && is_blank(lines[next])) ++next;
      ListMarker again;
      if (next < lines.size() && list_marker(lines[next], again) && again.ordered == first.ordered) i = next;
    }
    out += std::string("</") + tag + ">\n";
    return i;
  }

  std::size_t paragraph(const std::vector<std::string_view>& lines, std::size_t i, std::string& out) {
    std::string text(trim(lines[i]));
    ++i;
    while (i < lines.size() && !is_blank(lines[i]) && !starts_block(lines[i])) {
      text += '\n';
      text += trim(lines[i]);
      ++i;
    }
    out += "<p>" + render_inline(text) + "</p>\n";
    return i;
  }

  int m_offset;
  int m_quote_depth;
};

}  // namespace

std::string markdown_to_html(std::string_view markdown, int heading_offset) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= markdown.size()) {
    std::size_t nl = markdown.find('\n', start);
    if (nl == std::string_view::npos) nl = markdown.size();
    std::string_view line = markdown.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = nl + 1;
  }
  return BlockRenderer(heading_offset, 0).render(lines);
}

}  // namespace chaossim
