#include "html/markdown.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include <md4c.h>  // md4c: a CommonMark parser that reports blocks, spans and text through callbacks

#include "scenario/limits.h"

namespace chaossim {

namespace {

// The HTML entity of a character that markup would read, or null for one that stands for itself.
const char* html_entity(char c) {
  switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return nullptr;
  }
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    if (const char* entity = html_entity(c))
      out += entity;
    else
      out += c;
  }
  return out;
}

std::string markdown_escape(std::string_view text) {
  std::string out;
  // These start a block only at the beginning of a line (a list, a heading, an image); elsewhere they are text.
  if (!text.empty() && std::string_view("-+#!=").find(text.front()) != std::string_view::npos) out += '\\';
  for (const char c : text) {
    if (c == '\r' || c == '\n') {
      out += ' ';
    } else if (c == '&' || c == '<' || c == '>') {
      out += html_entity(c);
    } else {
      if (std::string_view("\\`*_[]|~").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

namespace {

// "Put a limit on everything". A text larger than a scenario's description may be (the loader's limit) is shown as
// plain text: it did not come from a valid scenario, and md4c 0.4.8 has paths that take time quadratic in the
// length of a paragraph (fixed upstream in 0.5.3), which this bounds. Quotes and lists nested deeper than
// kMaxContainerDepth, and emphasis nested deeper than kMaxSpanDepth, keep their text but lose their tags, so hostile
// input cannot build a page that a browser struggles to lay out.
constexpr std::size_t kMaxMarkdownBytes = static_cast<std::size_t>(limits::kMaxDescriptionBytes);
constexpr int kMaxContainerDepth = 16;
constexpr int kMaxSpanDepth = 16;

// md4c 0.4.8 looks up every pair of brackets as a link label once the text defines any link, so brackets nested
// n deep cost time in n squared ("[[[...]]]" 20,000 deep took 6.5 s; fixed upstream in 0.5.0). No description
// nests brackets this deep; one that does is shown as plain text.
constexpr int kMaxBracketDepth = 32;

// A link reference definition can be used any number of times, and each use repeats its address: a 1 MB text of
// one 10 kB address and "[a]" after it would make 2.5 GB of HTML (md4c limits this itself only from 0.5.3 on).
// Honest Markdown grows at most about 8 times in HTML (an "&" becomes "&amp;", "- a" a list), so a text whose HTML
// and addresses outgrow this budget is shown as plain text instead.
constexpr std::size_t kBudgetPerInputByte = 16;
constexpr std::size_t kBudgetBase = 64 * 1024;

// CommonMark with raw HTML off: "<script>" is plain text to md4c, so it reaches us as text and is escaped.
constexpr unsigned kParserFlags = MD_FLAG_NOHTML;

// md4c 0.4.8 (Debian 12's) can read a byte past the end of its input, e.g. after an unfinished inline link
// ("[e]( x" at the very end; md_is_inline_link_spec, fixed upstream in 0.5.0). fuzz/markdown_fuzzer.cpp found it.
// So md4c parses a copy of the text followed by NUL bytes that it is not told about, which it may read but never
// renders.
constexpr std::size_t kParserPadding = 16;

void append_utf8(std::string& out, std::uint32_t cp) {
  // CommonMark replaces NUL, surrogates and code points beyond Unicode with U+FFFD.
  if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

struct NamedEntity {
  std::string_view name;
  std::uint32_t code_point;
};

// md4c has no list of entity names, so we decode the ones a description is likely to use, and those a hostile
// address could use to hide a scheme (&colon;, &Tab;, &NewLine;). Any other name stays as written, shown as text:
// what is shown is then exactly what the address check looked at.
constexpr NamedEntity kNamedEntities[] = {
    {"amp", '&'},       {"lt", '<'},         {"gt", '>'},         {"quot", '"'},       {"apos", '\''},
    {"colon", ':'},     {"Tab", '\t'},       {"NewLine", '\n'},   {"sol", '/'},        {"lpar", '('},
    {"rpar", ')'},      {"period", '.'},     {"comma", ','},      {"excl", '!'},       {"quest", '?'},
    {"num", '#'},       {"percnt", '%'},     {"plus", '+'},       {"equals", '='},     {"commat", '@'},
    {"lsqb", '['},      {"rsqb", ']'},       {"lowbar", '_'},     {"grave", '`'},      {"ast", '*'},
    {"nbsp", 0xA0},     {"copy", 0xA9},      {"reg", 0xAE},       {"trade", 0x2122},   {"deg", 0xB0},
    {"plusmn", 0xB1},   {"micro", 0xB5},     {"middot", 0xB7},    {"times", 0xD7},     {"divide", 0xF7},
    {"sect", 0xA7},     {"para", 0xB6},      {"laquo", 0xAB},     {"raquo", 0xBB},     {"frac12", 0xBD},
    {"frac14", 0xBC},   {"frac34", 0xBE},    {"sup2", 0xB2},      {"sup3", 0xB3},      {"euro", 0x20AC},
    {"pound", 0xA3},    {"yen", 0xA5},       {"cent", 0xA2},      {"ndash", 0x2013},   {"mdash", 0x2014},
    {"lsquo", 0x2018},  {"rsquo", 0x2019},   {"ldquo", 0x201C},   {"rdquo", 0x201D},   {"hellip", 0x2026},
    {"bull", 0x2022},   {"larr", 0x2190},    {"rarr", 0x2192},    {"uarr", 0x2191},    {"darr", 0x2193},
    {"harr", 0x2194},   {"rArr", 0x21D2},    {"lArr", 0x21D0},    {"minus", 0x2212},   {"le", 0x2264},
    {"ge", 0x2265},     {"ne", 0x2260},      {"asymp", 0x2248},   {"infin", 0x221E},   {"alpha", 0x3B1},
    {"beta", 0x3B2},    {"gamma", 0x3B3},    {"delta", 0x3B4},    {"lambda", 0x3BB},   {"mu", 0x3BC},
    {"pi", 0x3C0},      {"rho", 0x3C1},      {"sigma", 0x3C3},    {"tau", 0x3C4},      {"Delta", 0x394},
    {"Sigma", 0x3A3},
};

// Appends the text of one entity as md4c reports it: "&amp;", "&#106;", "&#x6A;".
void append_entity(std::string& out, std::string_view entity) {
  if (entity.size() >= 4 && entity[1] == '#') {
    const bool hex = entity[2] == 'x' || entity[2] == 'X';
    std::uint32_t cp = 0;
    for (std::size_t i = hex ? 3 : 2; i + 1 < entity.size(); ++i) {
      const char c = entity[i];
      const std::uint32_t digit = c >= '0' && c <= '9'   ? static_cast<std::uint32_t>(c - '0')
                                  : c >= 'a' && c <= 'f' ? static_cast<std::uint32_t>(c - 'a' + 10)
                                  : c >= 'A' && c <= 'F' ? static_cast<std::uint32_t>(c - 'A' + 10)
                                                         : 99;
      if (digit >= (hex ? 16u : 10u)) {  // md4c only reports well-formed entities; this keeps odd ones as text
        out.append(entity);
        return;
      }
      // Saturates past Unicode so a long run of digits cannot overflow into a valid code point.
      cp = std::min<std::uint32_t>(cp * (hex ? 16 : 10) + digit, 0x110000);
    }
    append_utf8(out, cp);
    return;
  }
  if (entity.size() >= 3 && entity.front() == '&' && entity.back() == ';') {
    const std::string_view name = entity.substr(1, entity.size() - 2);
    for (const NamedEntity& e : kNamedEntities) {
      if (e.name == name) {
        append_utf8(out, e.code_point);
        return;
      }
    }
  }
  out.append(entity);
}

// An attribute (a link's or an image's address) with its entities decoded.
std::string decode_attribute(const MD_ATTRIBUTE& a) {
  std::string out;
  if (a.text == nullptr || a.size == 0) return out;
  for (std::size_t i = 0; a.substr_offsets[i] < a.size; ++i) {
    const std::string_view part(a.text + a.substr_offsets[i], a.substr_offsets[i + 1] - a.substr_offsets[i]);
    switch (a.substr_types[i]) {
      case MD_TEXT_ENTITY: append_entity(out, part); break;
      case MD_TEXT_NULLCHAR: append_utf8(out, 0xFFFD); break;
      default: out.append(part);
    }
  }
  return out;
}

// Only these addresses are worth showing; anything else (javascript:, data:, vbscript:, file:) is dropped. Browsers
// ignore tabs, line breaks and other control characters inside and around a scheme ("java\tscript:"), so they are
// removed (with spaces) before looking, and case does not count.
bool shown_address(std::string_view url) {
  std::string compact;
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u > 0x20 && u != 0x7F) compact += static_cast<char>(u >= 'A' && u <= 'Z' ? u - 'A' + 'a' : u);
  }
  if (compact.empty()) return false;
  const std::size_t end = compact.find_first_of(":/?#");
  if (end == std::string::npos || compact[end] != ':') return true;  // relative: "a/b:c" is a path, not a scheme
  const std::string_view scheme = std::string_view(compact).substr(0, end);
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

// Writes HTML for md4c's callbacks. Every piece of the input reaches the output through html_escape; the only
// markup is the fixed set of tags written here, and it is always well nested: md4c 0.4.8 can report the end of a
// span it never opened ("[](*)*" ends an emphasis; found by fuzz/markdown_fuzzer.cpp), so an end that does not
// match the innermost open element is ignored, spans still open when their block ends are closed there, and
// anything still open at the end of the document is closed then.
class HtmlRenderer {
 public:
  explicit HtmlRenderer(int heading_offset) : m_heading_offset(heading_offset) {}

  // Parses and renders; false when md4c fails (out of memory) or a callback stopped it (out of budget).
  bool render(std::string_view markdown) {
    m_budget = kBudgetBase + kBudgetPerInputByte * markdown.size();
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = kParserFlags;
    parser.enter_block = [](MD_BLOCKTYPE type, void* detail, void* self) {
      return static_cast<HtmlRenderer*>(self)->guarded([&](HtmlRenderer& r) { r.enter_block(type, detail); });
    };
    parser.leave_block = [](MD_BLOCKTYPE type, void*, void* self) {
      return static_cast<HtmlRenderer*>(self)->guarded([&](HtmlRenderer& r) { r.leave_block(type); });
    };
    parser.enter_span = [](MD_SPANTYPE type, void* detail, void* self) {
      return static_cast<HtmlRenderer*>(self)->guarded([&](HtmlRenderer& r) { r.enter_span(type, detail); });
    };
    parser.leave_span = [](MD_SPANTYPE type, void*, void* self) {
      return static_cast<HtmlRenderer*>(self)->guarded([&](HtmlRenderer& r) { r.leave_span(type); });
    };
    parser.text = [](MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self) {
      const std::string_view part(text, size);
      return static_cast<HtmlRenderer*>(self)->guarded([&](HtmlRenderer& r) { r.text(type, part); });
    };
    if (md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, this) != 0) return false;
    close_spans();
    while (!m_blocks.empty()) close_block();
    return true;
  }

  std::string take() { return std::move(m_out); }

 private:
  // Runs one callback. md4c is C: an exception must not unwind through it, so a failure (out of memory) stops the
  // parse instead, as does running out of budget. The value is negative because md4c 0.4.8 only stops cleanly on
  // negative values (fixed upstream in 0.5.3).
  template <class F>
  int guarded(F&& f) {
    try {
      f(*this);
      return m_out.size() + m_address_bytes > m_budget ? -1 : 0;
    } catch (...) {
      return -1;
    }
  }

  struct Block {
    MD_BLOCKTYPE type = MD_BLOCK_DOC;
    bool shown = false;   // whether its tags were written
    std::string close;    // its closing tag, if shown
    bool counts = false;  // a shown quote or list, counted against kMaxContainerDepth
  };

  void enter_block(MD_BLOCKTYPE type, void* detail) {
    if (type == MD_BLOCK_DOC) return;
    close_spans();
    const bool parent_shown = m_blocks.empty() || m_blocks.back().shown;
    Block b;
    b.type = type;
    std::string open;
    const auto tags = [&](std::string opening, std::string closing) {
      open = std::move(opening);
      b.close = std::move(closing);
      b.shown = true;
    };
    // Quotes and lists get tags up to the depth limit, and an item exactly when its list has them, so no <li>
    // ever stands outside a list. Everything else always has its tags.
    const bool container = parent_shown && m_shown_containers < kMaxContainerDepth;
    switch (type) {
      case MD_BLOCK_QUOTE:
        if (container) tags("<blockquote>\n", "</blockquote>\n");
        break;
      case MD_BLOCK_UL:
        if (container) tags("<ul>\n", "</ul>\n");
        break;
      case MD_BLOCK_OL:
        if (container) {
          const unsigned start = static_cast<const MD_BLOCK_OL_DETAIL*>(detail)->start;
          tags(start == 1 ? std::string("<ol>\n") : "<ol start=\"" + std::to_string(start) + "\">\n", "</ol>\n");
        }
        break;
      case MD_BLOCK_LI:
        if (parent_shown) tags("<li>", "</li>\n");
        break;
      case MD_BLOCK_HR: tags("<hr>\n", ""); break;
      case MD_BLOCK_H: {
        const int level = static_cast<int>(static_cast<const MD_BLOCK_H_DETAIL*>(detail)->level);
        const std::string h = std::to_string(std::clamp(level + m_heading_offset, 1, 6));
        tags("<h" + h + ">", "</h" + h + ">\n");
        break;
      }
      case MD_BLOCK_CODE: tags("<pre><code>", "</code></pre>\n"); break;
      // Never with MD_FLAG_NOHTML; should it come, its text is escaped like any other.
      case MD_BLOCK_HTML: tags("<pre>", "</pre>\n"); break;
      case MD_BLOCK_P: tags("<p>", "</p>\n"); break;
      default: b.shown = parent_shown; break;  // tables are not enabled; their text would still be shown
    }
    b.counts = b.shown && (type == MD_BLOCK_QUOTE || type == MD_BLOCK_UL || type == MD_BLOCK_OL);
    if (b.counts) ++m_shown_containers;
    m_out += open;
    m_blocks.push_back(std::move(b));
  }

  void leave_block(MD_BLOCKTYPE type) {
    if (type == MD_BLOCK_DOC) return;
    close_spans();
    if (!m_blocks.empty() && m_blocks.back().type == type) close_block();
  }

  void close_block() {
    const Block& b = m_blocks.back();
    m_out += b.close;
    if (b.counts) --m_shown_containers;
    m_blocks.pop_back();
  }

  struct Span {
    MD_SPANTYPE type;
    const char* close;  // the closing tag, nullptr when none was written
  };
  // A link or an image: its text (an image's is its description) is written as it comes; the address follows it
  // as text when its scheme is safe, unless it only repeats the text (an autolink such as <https://example.org>).
  struct Link {
    std::string address;  // empty when not shown
    std::string text;     // the plain text inside, to recognise an autolink
  };

  void enter_span(MD_SPANTYPE type, void* detail) {
    const bool shown = m_shown_spans < kMaxSpanDepth;
    switch (type) {
      case MD_SPAN_EM: open_span(type, shown ? "<em>" : nullptr, "</em>"); break;
      case MD_SPAN_STRONG: open_span(type, shown ? "<strong>" : nullptr, "</strong>"); break;
      case MD_SPAN_CODE: open_span(type, shown ? "<code>" : nullptr, "</code>"); break;
      case MD_SPAN_A:
      case MD_SPAN_IMG: {
        const MD_ATTRIBUTE& address = type == MD_SPAN_A ? static_cast<const MD_SPAN_A_DETAIL*>(detail)->href
                                                        : static_cast<const MD_SPAN_IMG_DETAIL*>(detail)->src;
        m_address_bytes += address.size;
        std::string url = decode_attribute(address);
        if (!shown_address(url)) url.clear();
        m_links.push_back({std::move(url), {}});
        m_spans.push_back({type, nullptr});
        break;
      }
      default: break;  // strikethrough, underline, maths and wiki links are not enabled
    }
  }

  void open_span(MD_SPANTYPE type, const char* open, const char* close) {
    m_spans.push_back({type, open ? close : nullptr});
    if (!open) return;
    ++m_shown_spans;
    m_out += open;
  }

  void leave_span(MD_SPANTYPE type) {
    if (!m_spans.empty() && m_spans.back().type == type) close_span();
  }

  void close_span() {
    const Span span = m_spans.back();
    m_spans.pop_back();
    if (span.type == MD_SPAN_A || span.type == MD_SPAN_IMG) {
      const Link link = std::move(m_links.back());
      m_links.pop_back();
      if (link.address.empty() || link.address == link.text || link.address == "mailto:" + link.text) return;
      m_out += " <span class=\"md-url\">(" + html_escape(link.address) + ")</span>";
    } else if (span.close) {
      --m_shown_spans;
      m_out += span.close;
    }
  }

  void close_spans() {
    while (!m_spans.empty()) close_span();
  }

  void text(MD_TEXTTYPE type, std::string_view text) {
    std::string plain;
    switch (type) {
      case MD_TEXT_BR: m_out += "<br>\n"; return;
      case MD_TEXT_SOFTBR: plain = "\n"; break;
      case MD_TEXT_NULLCHAR: append_utf8(plain, 0xFFFD); break;
      case MD_TEXT_ENTITY: append_entity(plain, text); break;
      default: plain = text;  // normal text, code, and (never with MD_FLAG_NOHTML) raw HTML: all escaped
    }
    m_out += html_escape(plain);
    if (!m_links.empty()) m_links.back().text += plain;
  }

  std::string m_out;
  std::size_t m_address_bytes = 0;  // addresses md4c built for us, shown or not: work the budget counts too
  std::size_t m_budget = 0;
  int m_heading_offset;
  std::vector<Block> m_blocks;  // open blocks, innermost last
  int m_shown_containers = 0;
  std::vector<Span> m_spans;  // open spans, innermost last
  int m_shown_spans = 0;
  std::vector<Link> m_links;  // one per open link or image span, innermost last
};

// Whether unescaped brackets nest deeper than kMaxBracketDepth within a paragraph (the scope of md4c's link
// analysis, which a blank line ends).
bool brackets_too_deep(std::string_view text) {
  int depth = 0;
  bool line_blank = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      if (line_blank) depth = 0;
      line_blank = true;
      continue;
    }
    if (c != ' ' && c != '\t' && c != '\r') line_blank = false;
    if (c == '\\') {
      ++i;  // an escaped bracket is text
    } else if (c == '[') {
      if (++depth > kMaxBracketDepth) return true;
    } else if (c == ']' && depth > 0) {
      --depth;
    }
  }
  return false;
}

// What an input that cannot be rendered as Markdown becomes: all of it, escaped.
std::string as_plain_text(std::string_view markdown) { return "<pre>" + html_escape(markdown) + "</pre>\n"; }

}  // namespace

std::string markdown_to_html(std::string_view markdown, int heading_offset) {
  if (markdown.size() > kMaxMarkdownBytes || brackets_too_deep(markdown)) return as_plain_text(markdown);
  std::string padded;
  padded.reserve(markdown.size() + kParserPadding);
  padded.append(markdown).append(kParserPadding, '\0');
  HtmlRenderer renderer(heading_offset);
  if (!renderer.render(std::string_view(padded.data(), markdown.size()))) return as_plain_text(markdown);
  return renderer.take();
}

}  // namespace chaossim
