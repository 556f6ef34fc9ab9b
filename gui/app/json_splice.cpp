#include "app/json_splice.h"

#include <variant>

#include "scenario/format.h"          // parse_path / apply_path: the loader's meaning of dotted paths
#include "scenario/json_positions.h"  // where each value starts in the text

namespace chaossim::gui {

using nlohmann::json;

namespace {

// A rendering wider than this goes over several lines, as the bundled lessons are written.
constexpr std::size_t kLineWidth = 100;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The byte offset of a 1-based line:column, counting columns in code points as PositionIndex does.
std::size_t offset_of(std::string_view text, TextPosition at) {
  int line = 1, column = 1;
  std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;
    if (line == at.line && column == at.column) return i;
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return text.size();
}

// One past the last character of the JSON value that starts at `start` (the text is valid JSON).
std::size_t value_end(std::string_view text, std::size_t start) {
  std::size_t i = start;
  const char first = text[i];
  if (first == '"' || first == '{' || first == '[') {
    int depth = 0;
    bool in_string = false;
    for (; i < text.size(); ++i) {
      const char c = text[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
        if (!in_string && depth == 0) return i + 1;  // a top-level string just closed
        continue;
      }
      if (c == '"') in_string = true;
      else if (c == '{' || c == '[') ++depth;
      else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
    }
    return text.size();
  }
  while (i < text.size() && !is_space(text[i]) && text[i] != ',' && text[i] != '}' && text[i] != ']') ++i;
  return i;
}

std::size_t line_start(std::string_view text, std::size_t at) {
  const std::size_t nl = text.rfind('\n', at == 0 ? 0 : at - 1);
  return at == 0 || nl == std::string_view::npos ? 0 : nl + 1;
}

// The leading spaces of the line that holds `at`.
std::string indentation_at(std::string_view text, std::size_t at) {
  std::size_t i = line_start(text, at);
  const std::size_t begin = i;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  return std::string(text.substr(begin, i - begin));
}

std::string inline_json(const json& v) {
  if (v.is_object()) {
    std::string out = "{";
    for (auto it = v.begin(); it != v.end(); ++it)
      out += (it == v.begin() ? "" : ", ") + json(it.key()).dump() + ": " + inline_json(it.value());
    return out + "}";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + inline_json(v[i]);
    return out + "]";
  }
  return v.dump();
}

std::string unescape_token(std::string token) {
  for (std::size_t at; (at = token.find("~1")) != std::string::npos;) token.replace(at, 2, "/");
  for (std::size_t at; (at = token.find("~0")) != std::string::npos;) token.replace(at, 2, "~");
  return token;
}

// Removes the member whose key starts at `key_at` and whose value ends at `end`, with the comma that separates it
// from its neighbours, and its whole line when it stands alone on it.
void remove_member(std::string& text, std::size_t key_at, std::size_t end) {
  std::size_t s = key_at, e = end, f = end;
  while (f < text.size() && is_space(text[f])) ++f;
  if (f < text.size() && text[f] == ',') {
    e = f + 1;
    std::size_t after = e;
    while (after < text.size() && (text[after] == ' ' || text[after] == '\t')) ++after;
    const std::size_t ls = line_start(text, s);
    const bool alone = text.find_first_not_of(" \t", ls) == s && (after >= text.size() || text[after] == '\n');
    if (alone) {
      s = ls;
      e = after < text.size() ? after + 1 : after;
    } else {
      e = after;
    }
  } else {
    std::size_t b = s;
    while (b > 0 && is_space(text[b - 1])) --b;
    if (b > 0 && text[b - 1] == ',') s = b - 1;
  }
  text.erase(s, e - s);
}

// Adds "key": value to the object that starts at `open`, after its last member, in the object's own layout.
void insert_member(std::string& text, std::size_t open, const std::string& key, const json& value) {
  const std::size_t close = value_end(text, open) - 1;
  const std::string_view inner = std::string_view(text).substr(open + 1, close - open - 1);
  const std::string name = json(key).dump() + ": ";
  if (inner.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    text.replace(open, close - open + 1, "{" + name + render_json(value, indentation_at(text, open).size()) + "}");
    return;
  }
  std::size_t last = close;
  while (last > open && is_space(text[last - 1])) --last;
  if (inner.find('\n') != std::string_view::npos) {
    std::size_t first = open + 1;
    while (first < close && is_space(text[first])) ++first;
    const std::string indent = indentation_at(text, first);
    text.insert(last, ",\n" + indent + name + render_json(value, indent.size()));
  } else {
    text.insert(last, ", " + name + render_json(value, indentation_at(text, open).size()));
  }
}

}  // namespace

std::string render_json(const json& value, std::size_t indent) {
  if (!value.is_object() && !value.is_array()) return value.dump();
  const std::string one_line = inline_json(value);
  if (value.empty() || indent + one_line.size() <= kLineWidth) return one_line;
  const std::string pad(indent + 2, ' ');
  std::string out = value.is_object() ? "{\n" : "[\n";
  bool first = true;
  for (auto it = value.begin(); it != value.end(); ++it) {
    out += (first ? "" : ",\n") + pad;
    if (value.is_object()) out += json(it.key()).dump() + ": ";
    out += render_json(it.value(), pad.size());
    first = false;
  }
  return out + "\n" + std::string(indent, ' ') + (value.is_object() ? "}" : "]");
}

SpliceResult splice_path(std::string_view text, std::string_view path, const json& value) {
  const json document = json::parse(text, nullptr, false);
  if (document.is_discarded()) return {"", "the text is not valid JSON; correct it in the JSON tab first"};
  auto parsed = format::parse_path(path);
  if (const auto* why = std::get_if<std::string>(&parsed)) return {"", *why};
  json expected = document;
  const format::Applied applied = format::apply_path(expected, std::get<format::Path>(parsed), value);
  if (!applied.error.empty()) return {"", applied.error};

  const PositionIndex positions = PositionIndex::build(text);
  std::string out(text);
  // Removing what the file does not have leaves it as it is (apply_path would create empty parents on the way).
  if (value.is_null() && !positions.find(applied.pointer)) return {out, ""};
  if (const ValuePosition* here = positions.find(applied.pointer)) {
    const std::size_t start = offset_of(text, here->value);
    const std::size_t end = value_end(text, start);
    if (value.is_null() && here->key.known())
      remove_member(out, offset_of(text, here->key), end);
    else
      out.replace(start, end - start, render_json(value, indentation_at(text, start).size()));
  } else {
    // The path creates members: add the outermost missing one, whole, to the nearest object the file has.
    std::string ancestor = applied.pointer, token;
    while (!positions.find(ancestor)) {
      const std::size_t slash = ancestor.rfind('/');
      token = ancestor.substr(slash + 1);
      ancestor.resize(slash);
    }
    const json::json_pointer member(ancestor + "/" + token);
    if (!expected.at(json::json_pointer(ancestor)).is_object())
      return {"", "cannot add " + std::string(path) + ": its parent is not an object"};
    insert_member(out, offset_of(text, positions.find(ancestor)->value), unescape_token(token), expected.at(member));
  }
  // The splice must mean exactly what the loader's own edit means; anything else is a bug here.
  const json check = json::parse(out, nullptr, false);
  if (check.is_discarded() || check != expected) return {"", "internal error: editing " + std::string(path) + " failed"};
  return {out, ""};
}

}  // namespace chaossim::gui
