#include "table_text.hpp"

#include <algorithm>
#include <cstdio>

namespace migrasim::cli {

std::size_t display_width(std::string_view text) {
  std::size_t columns = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte
    columns += byte >= 0xE0 ? 2 : 1;      // 3- and 4-byte sequences: CJK, wide
  }
  return columns;
}

std::string pad(std::string_view text, std::size_t width, bool right) {
  const std::size_t columns = display_width(text);
  const std::string fill(columns < width ? width - columns : 0, ' ');
  return right ? fill + std::string(text) : std::string(text) + fill;
}

std::size_t column_width(const std::vector<std::string>& names, std::size_t at_least) {
  std::size_t width = at_least;
  for (const auto& name : names) width = std::max(width, display_width(printable(name)));
  return width;
}

std::string printable(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace migrasim::cli
