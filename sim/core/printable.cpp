#include "core/printable.h"

#include <cstdint>
#include <cstdio>

namespace chaossim {

namespace {

void append_byte_escape(std::string& out, unsigned char byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
  out += buffer;
}

void append_code_point_escape(std::string& out, std::uint32_t code_point) {
  char buffer[12];
  std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(code_point));
  out += buffer;
}

// Code points that decode as valid UTF-8 yet must not reach a terminal as they are.
bool is_hidden_control(std::uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) ||      // C1 controls
         cp == 0x061C ||                    // arabic letter mark
         cp == 0x200E || cp == 0x200F ||    // left-to-right and right-to-left marks
         (cp >= 0x2028 && cp <= 0x202E) ||  // line and paragraph separators, bidirectional embeddings and overrides
         (cp >= 0x2066 && cp <= 0x2069);    // bidirectional isolates
}

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The length of the valid UTF-8 sequence of two or more bytes starting at text[i], or 0 when there is none
// (RFC 3629, table 3-7 of the Unicode standard: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t sequence_length(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = at(0);
  std::size_t length = 0;
  unsigned char second_min = 0x80, second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // overlong below U+0800
    if (lead == 0xED) second_max = 0x9F;  // surrogates U+D800 to U+DFFF
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // overlong below U+10000
    if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  if (at(1) < second_min || at(1) > second_max) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (!is_continuation(at(k))) return 0;
  return length;
}

std::uint32_t decode(std::string_view sequence) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(sequence[k])); };
  std::uint32_t cp = byte(0) & (0xFFu >> (sequence.size() + 1));
  for (std::size_t k = 1; k < sequence.size(); ++k) cp = (cp << 6) | (byte(k) & 0x3F);
  return cp;
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  return static_cast<unsigned char>(text[i]) < 0x80 ? 1 : sequence_length(text, i);
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if (byte < 0x20 || byte == 0x7F)
        append_byte_escape(out, byte);
      else
        out += static_cast<char>(byte);
      ++i;
      continue;
    }
    const std::size_t length = sequence_length(text, i);
    if (length == 0) {
      append_byte_escape(out, byte);
      ++i;
      continue;
    }
    const std::string_view sequence = text.substr(i, length);
    if (const std::uint32_t cp = decode(sequence); is_hidden_control(cp))
      append_code_point_escape(out, cp);
    else
      out += sequence;
    i += length;
  }
  return out;
}

}  // namespace chaossim
