#include "scenario/json_positions.h"

#include <nlohmann/json.hpp>  // decodes the rare keys written with escapes

namespace chaossim {

namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

class Scanner {
 public:
  Scanner(std::string_view text, std::unordered_map<std::string, ValuePosition>& out,
          std::vector<DuplicateKey>* duplicates)
      : m_text(text), m_out(out), m_duplicates(duplicates) {
    if (m_text.substr(0, 3) == "\xEF\xBB\xBF") m_i = 3;  // nlohmann_json skips a UTF-8 byte order mark too
  }

  void run() { value("", {}); }

 private:
  // Every read is bounds-checked even though the text was validated: a disagreement between this scanner and the
  // real parser must cost a position, never memory safety.
  char peek() const { return m_i < m_text.size() ? m_text[m_i] : '\0'; }

  void advance() {
    if (m_i >= m_text.size()) return;
    const auto c = static_cast<unsigned char>(m_text[m_i++]);
    if (c == '\n') {
      ++m_line;
      m_column = 1;
    } else if (!is_continuation(c)) {
      ++m_column;
    }
  }

  void skip_whitespace() {
    for (char c = peek(); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek()) advance();
  }

  TextPosition here() const { return {m_line, m_column}; }

  void value(const std::string& pointer, TextPosition key) {
    skip_whitespace();
    m_out[pointer] = ValuePosition{here(), key};
    switch (peek()) {
      case '{': object(pointer); break;
      case '[': array(pointer); break;
      case '"': string(); break;
      default:  // number or literal
        for (char c = peek();
             c != '\0' && c != ',' && c != ']' && c != '}' && c != ' ' && c != '\t' && c != '\n' && c != '\r';
             c = peek())
          advance();
    }
  }

  void object(const std::string& pointer) {
    advance();  // {
    std::unordered_map<std::string, TextPosition> first;
    skip_whitespace();
    if (peek() == '}') return advance();
    while (peek() == '"') {
      const TextPosition key_at = here();
      const std::string key = string();
      skip_whitespace();
      advance();  // :
      const std::string child = pointer + "/" + escape_pointer_token(key);
      if (auto [it, fresh] = first.emplace(key, key_at); !fresh && m_duplicates)
        m_duplicates->push_back({child, key_at, it->second});
      value(child, key_at);
      skip_whitespace();
      if (peek() != ',') break;
      advance();
      skip_whitespace();
    }
    advance();  // }
  }

  void array(const std::string& pointer) {
    advance();  // [
    skip_whitespace();
    if (peek() == ']') return advance();
    for (std::size_t index = 0; m_i < m_text.size(); ++index) {
      value(pointer + "/" + std::to_string(index), {});
      skip_whitespace();
      if (peek() != ',') break;
      advance();
    }
    advance();  // ]
  }

  // Returns the decoded string.
  std::string string() {
    const std::size_t start = m_i;
    bool escaped = false;
    advance();  // opening quote
    while (m_i < m_text.size() && peek() != '"') {
      if (peek() == '\\') {
        escaped = true;
        advance();
      }
      advance();
    }
    advance();  // closing quote
    const std::string_view raw = m_text.substr(start, m_i - start);
    if (!escaped) return std::string(raw.substr(1, raw.size() >= 2 ? raw.size() - 2 : 0));
    const auto decoded = nlohmann::json::parse(raw, nullptr, false);
    return decoded.is_string() ? decoded.get<std::string>() : std::string(raw);
  }

  std::string_view m_text;
  std::unordered_map<std::string, ValuePosition>& m_out;
  std::vector<DuplicateKey>* m_duplicates;
  std::size_t m_i = 0;
  int m_line = 1;
  int m_column = 1;
};

}  // namespace

PositionIndex PositionIndex::build(std::string_view text, std::vector<DuplicateKey>* duplicates) {
  PositionIndex index;
  Scanner(text, index.m_positions, duplicates).run();
  return index;
}

const ValuePosition* PositionIndex::find(const std::string& pointer) const {
  const auto it = m_positions.find(pointer);
  return it == m_positions.end() ? nullptr : &it->second;
}

TextPosition position_of_offset(std::string_view text, std::size_t offset) {
  TextPosition at{1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++at.line;
      at.column = 1;
    } else if (!is_continuation(c)) {
      ++at.column;
    }
  }
  return at;
}

std::optional<std::size_t> find_excess_nesting(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // the escaped character cannot end the string
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

std::string escape_pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string unescape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1'))
      out += token[++i] == '0' ? '~' : '/';
    else
      out += token[i];
  }
  return out;
}

}  // namespace chaossim
