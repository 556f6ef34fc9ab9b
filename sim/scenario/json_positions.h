#pragma once
// Where each value of a JSON text starts. nlohmann_json reports positions only for syntax errors, yet every
// validation message should point at the offending value, so a small scanner walks the (already syntax-checked)
// text once and maps each JSON pointer ("/services/api/workers") to its line and column. The same walk finds
// duplicate keys, which nlohmann_json silently resolves to the last one.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chaossim {

// 1-based line and column (columns count Unicode code points, as editors do); 0 when unknown.
struct TextPosition {
  int line = 0;
  int column = 0;
  bool known() const { return line > 0; }
  auto operator<=>(const TextPosition&) const = default;
};

struct ValuePosition {
  TextPosition value;  // first character of the value
  TextPosition key;    // first character of its key in the enclosing object; unknown for array items and the root
};

struct DuplicateKey {
  std::string pointer;    // of the repeated member
  TextPosition position;  // of the repeated key
  TextPosition first;     // of the key it repeats
};

class PositionIndex {
 public:
  // Scans `text`, which must be valid JSON nested at most `limits::kMaxNesting` deep (the scanner recurses).
  static PositionIndex build(std::string_view text, std::vector<DuplicateKey>* duplicates = nullptr);

  const ValuePosition* find(const std::string& pointer) const;

 private:
  std::unordered_map<std::string, ValuePosition> m_positions;
};

// Line and column of a byte offset (clamped to the text).
TextPosition position_of_offset(std::string_view text, std::size_t offset);

// The first bracket that opens nesting deeper than `max_depth`, ignoring brackets inside strings. Runs on any
// bytes, before the real parse, so that a hostile file cannot make a recursive consumer overflow its stack.
std::optional<std::size_t> find_excess_nesting(std::string_view text, int max_depth);

// "/" and "~" escaped as in RFC 6901, for building pointers from keys, and back.
std::string escape_pointer_token(std::string_view key);
std::string unescape_pointer_token(std::string_view token);

}  // namespace chaossim
