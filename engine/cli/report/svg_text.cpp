#include "svg_text.hpp"

#include <cmath>
#include <cstdio>

#include "migrasim/detail/text.hpp"

namespace migrasim::report {

namespace {

// The byte length of the valid UTF-8 sequence starting at text[i], or 0.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::size_t n = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xE  ? 3
                  : (c >> 3) == 0x1E ? 4
                                     : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return 0;
  }
  return n;
}

struct Suffix {
  double scale;
  const char* name;
};

Suffix suffix_for(double magnitude) {
  const double a = std::abs(magnitude);
  if (a >= 1e12) return {1e12, " tn"};
  if (a >= 1e9) return {1e9, " bn"};
  if (a >= 1e6) return {1e6, " M"};
  if (a >= 1e4) return {1e3, " k"};
  return {1, ""};
}

std::string fixed(double value, int decimals) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", decimals < 0 ? 0 : decimals, value);
  std::string s = b;
  if (s == "-0" || s.rfind("-0.", 0) == 0) {
    // "-0.0" reads oddly on an axis: a rounded zero has no sign.
    bool zero = true;
    for (char ch : s) zero = zero && (ch == '-' || ch == '0' || ch == '.');
    if (zero) s.erase(0, 1);
  }
  return s;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    if (n == 1) {
      switch (text[i]) {
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
          // Control characters other than tab and newline are not allowed in
          // XML (inline SVG): shown as U+FFFD.
          if (static_cast<unsigned char>(text[i]) < 0x20 && text[i] != '\t' && text[i] != '\n') {
            out += "\xEF\xBF\xBD";
          } else {
            out += text[i];
          }
      }
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string short_number(double value, int digits) {
  if (std::isnan(value)) return "–";
  const Suffix s = suffix_for(value);
  const double scaled = value / s.scale;
  if (s.scale == 1 && std::abs(value - std::round(value)) < 1e-9) {
    return group_thousands(std::llround(value));
  }
  const int decimals = std::abs(scaled) >= 100 ? 0 : std::abs(scaled) >= 10 ? digits - 1 : digits;
  return fixed(scaled, decimals) + s.name;
}

std::string tick_label(double value, double step, double magnitude) {
  if (std::abs(value) < std::abs(step) * 1e-9) return "0";  // not "0 k" or "0.0 bn"
  const Suffix s = suffix_for(magnitude);
  const double scaled_step = std::abs(step) / s.scale;
  // As many decimals as the step has (2.5 k apart: "7.5 k", not "8 k").
  int decimals = 0;
  while (decimals < 6 && scaled_step > 0) {
    const double shifted = scaled_step * std::pow(10.0, decimals);
    if (std::abs(shifted - std::round(shifted)) < 1e-6 * std::max(shifted, 1.0)) break;
    ++decimals;
  }
  return fixed(value / s.scale, decimals) + s.name;
}

std::string table_number(double value) {
  if (std::isnan(value)) return "–";
  if (std::isinf(value)) return value > 0 ? "∞" : "−∞";
  const double a = std::abs(value);
  if (a >= 1000 || (a >= 1 && std::abs(value - std::round(value)) < 1e-9)) {
    return group_thousands(std::llround(value));
  }
  char b[64];
  std::snprintf(b, sizeof b, "%.4g", value);
  return b;
}

}  // namespace migrasim::report
