#include "html/report_limits.h"

namespace chaossim {

std::string clipped(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  // Back over continuation bytes (10xxxxxx) so no character is cut in two.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "…";
}

std::string and_more(std::size_t shown, std::size_t total) {
  return shown >= total ? std::string() : " … and " + std::to_string(total - shown) + " more";
}

}  // namespace chaossim
