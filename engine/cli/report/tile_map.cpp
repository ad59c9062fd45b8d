#include "tile_map.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <sstream>
#include <tuple>

#include "svg_chart.hpp"
#include "svg_text.hpp"

namespace migrasim::report {

namespace {

struct Rgb {
  double r, g, b;
};

// Viridis (matplotlib's default colour map, perceptually uniform and
// readable with colour-vision deficiencies and in grey), 9 stops.
constexpr std::array<Rgb, 9> kViridis = {{{68, 1, 84},
                                          {71, 44, 122},
                                          {59, 81, 139},
                                          {44, 113, 142},
                                          {33, 144, 141},
                                          {39, 173, 129},
                                          {92, 200, 99},
                                          {170, 220, 50},
                                          {253, 231, 37}}};
// Diverging blue - white - orange (ColorBrewer PuOr's ends, colour-blind safe).
constexpr std::array<Rgb, 5> kDiverging = {
    {{33, 102, 172}, {146, 197, 222}, {247, 247, 247}, {253, 184, 99}, {179, 88, 6}}};

template <std::size_t N>
Rgb interpolate(const std::array<Rgb, N>& stops, double t) {
  t = std::clamp(t, 0.0, 1.0) * (N - 1);
  const auto i = std::min(static_cast<std::size_t>(t), N - 2);
  const double f = t - static_cast<double>(i);
  return {stops[i].r + f * (stops[i + 1].r - stops[i].r),
          stops[i].g + f * (stops[i + 1].g - stops[i].g),
          stops[i].b + f * (stops[i + 1].b - stops[i].b)};
}

std::string hex(const Rgb& c) {
  char b[8];
  std::snprintf(b, sizeof b, "#%02x%02x%02x", static_cast<int>(std::lround(c.r)),
                static_cast<int>(std::lround(c.g)), static_cast<int>(std::lround(c.b)));
  return b;
}

// Dark fills get white text.
bool dark(const std::string& colour) {
  unsigned r = 0, g = 0, b = 0;
  std::sscanf(colour.c_str(), "#%02x%02x%02x", &r, &g, &b);
  return 0.299 * r + 0.587 * g + 0.114 * b < 140;
}

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

struct Range {
  double lo = 0, hi = 0;
};
Range value_range(const std::vector<Place>& places) {
  Range r{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (const Place& p : places) {
    if (!std::isfinite(p.value)) continue;
    r.lo = std::min(r.lo, p.value);
    r.hi = std::max(r.hi, p.value);
  }
  if (!std::isfinite(r.lo)) r = {0, 0};
  return r;
}

double cos_mean_lat(const std::vector<Place>& places) {
  double sum = 0;
  for (const Place& p : places) sum += p.lat;
  const double mean = places.empty() ? 0 : sum / static_cast<double>(places.size());
  return std::cos(mean * std::numbers::pi / 180);
}

// A legend: seven swatches from lo to hi with their values; `x`, `y` the
// top left corner.
std::string legend(const MapSpec& spec, const Range& range, double x, double y) {
  std::ostringstream s;
  s << "<g class=\"map-legend\"><text x=\"" << num(x) << "\" y=\"" << num(y)
    << "\" class=\"units\">" << escape(spec.units) << "</text>";
  double lo = range.lo, hi = range.hi;
  if (spec.diverging) {
    const double m = std::max(std::abs(lo), std::abs(hi));
    lo = -m;
    hi = m;
  }
  constexpr int kSteps = 7;
  const double w = 44;
  for (int i = 0; i < kSteps; ++i) {
    const double v = lo + (hi - lo) * i / (kSteps - 1);
    s << "<rect x=\"" << num(x + i * w) << "\" y=\"" << num(y + 6) << "\" width=\"" << num(w)
      << "\" height=\"12\" stroke=\"#999\" stroke-width=\"0.5\" fill=\""
      << colour_for(v, lo, hi, spec.diverging) << "\"/>";
    if (i % 3 == 0) {  // every third swatch labelled: the labels never collide
      s << "<text x=\"" << num(x + i * w + w / 2) << "\" y=\"" << num(y + 31)
        << "\" text-anchor=\"middle\" class=\"tick\">" << escape(short_number(v)) << "</text>";
    }
  }
  s << "<rect x=\"" << num(x + kSteps * w + 14) << "\" y=\"" << num(y + 6)
    << "\" width=\"12\" height=\"12\" fill=\"#bbb\"/><text x=\"" << num(x + kSteps * w + 30)
    << "\" y=\"" << num(y + 16) << "\" class=\"tick\">no value</text></g>";
  return s.str();
}

// The label shown on a tile: the name, cut to fit.
std::string tile_label(const std::string& name) {
  if (name.size() <= 9) return name;
  std::size_t cut = 8;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return name.substr(0, cut) + ".";
}

}  // namespace

std::vector<Cell> tile_layout(const std::vector<Place>& places) {
  const std::size_t n = places.size();
  if (n == 0) return {};
  double lat0 = 90, lat1 = -90, lon0 = 180, lon1 = -180;
  for (const Place& p : places) {
    lat0 = std::min(lat0, p.lat);
    lat1 = std::max(lat1, p.lat);
    lon0 = std::min(lon0, p.lon);
    lon1 = std::max(lon1, p.lon);
  }
  const double width = std::max((lon1 - lon0) * cos_mean_lat(places), 1e-6);
  const double height = std::max(lat1 - lat0, 1e-6);
  const double cells = 1.6 * static_cast<double>(n) + 2;
  int cols = std::max(1, static_cast<int>(std::lround(std::sqrt(cells * width / height))));
  cols = std::min(cols, static_cast<int>(n) + 1);
  const int rows = std::max(1, static_cast<int>(std::ceil(cells / cols)));
  std::vector<std::pair<double, double>> ideal(n);
  for (std::size_t i = 0; i < n; ++i) {
    ideal[i] = {(places[i].lon - lon0) * cos_mean_lat(places) / width * (cols - 1),
                (lat1 - places[i].lat) / height * (rows - 1)};
  }
  std::vector<std::tuple<double, std::size_t, int>> pairs;
  pairs.reserve(n * static_cast<std::size_t>(cols * rows));
  for (std::size_t i = 0; i < n; ++i) {
    for (int c = 0; c < cols * rows; ++c) {
      const double dx = ideal[i].first - c % cols, dy = ideal[i].second - c / cols;
      pairs.emplace_back(dx * dx + dy * dy, i, c);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<Cell> out(n);
  std::vector<bool> placed(n, false), taken(static_cast<std::size_t>(cols * rows), false);
  std::size_t left = n;
  for (const auto& [d, i, c] : pairs) {
    if (left == 0) break;
    if (placed[i] || taken[static_cast<std::size_t>(c)]) continue;
    placed[i] = true;
    taken[static_cast<std::size_t>(c)] = true;
    out[i] = {c % cols, c / cols};
    --left;
  }
  return out;
}

std::string colour_for(double value, double lo, double hi, bool diverging) {
  if (!std::isfinite(value)) return "#bbbbbb";
  if (diverging) {
    const double m = std::max(std::abs(lo), std::abs(hi));
    return hex(interpolate(kDiverging, m == 0 ? 0.5 : 0.5 + value / (2 * m)));
  }
  return hex(interpolate(kViridis, hi == lo ? 0.5 : (value - lo) / (hi - lo)));
}

std::string render_tile_map(const MapSpec& spec, const std::vector<Place>& places) {
  const auto cells = tile_layout(places);
  int cols = 1, rows = 1;
  for (const Cell& c : cells) {
    cols = std::max(cols, c.col + 1);
    rows = std::max(rows, c.row + 1);
  }
  const double tile = 68, gap = 3, pad = 6;
  const double width = std::max(pad * 2 + cols * (tile + gap), 420.0);
  const double height = pad + rows * (tile + gap) + 52;
  const Range range = value_range(places);
  std::ostringstream s;
  s << "<svg id=\"" << escape(spec.id) << "\" class=\"map\" width=\"" << num(width)
    << "\" viewBox=\"0 0 " << num(width) << " " << num(height)
    << "\" role=\"img\" aria-labelledby=\"" << escape(spec.id) << "-t\"><title id=\""
    << escape(spec.id) << "-t\">" << escape(spec.title) << "</title>";
  for (std::size_t i = 0; i < places.size(); ++i) {
    const Place& p = places[i];
    const double x = pad + cells[i].col * (tile + gap), y = pad + cells[i].row * (tile + gap);
    const std::string fill = colour_for(p.value, range.lo, range.hi, spec.diverging);
    const char* ink = dark(fill) ? "#fff" : "#111";
    s << "<g class=\"tile\"><title>"
      << escape(p.name + ": " + table_number(p.value) + " " + spec.units) << "</title><rect x=\""
      << num(x) << "\" y=\"" << num(y) << "\" width=\"" << num(tile) << "\" height=\"" << num(tile)
      << "\" rx=\"3\" fill=\"" << fill << "\" stroke=\"#999\" stroke-width=\"0.5\"/><text x=\""
      << num(x + tile / 2) << "\" y=\"" << num(y + 29) << "\" text-anchor=\"middle\" fill=\"" << ink
      << "\" class=\"tile-name\">" << escape(tile_label(p.name)) << "</text><text x=\""
      << num(x + tile / 2) << "\" y=\"" << num(y + 47) << "\" text-anchor=\"middle\" fill=\"" << ink
      << "\" class=\"tile-value\">" << escape(short_number(p.value)) << "</text></g>";
  }
  s << legend(spec, range, pad, pad + rows * (tile + gap) + 12) << "</svg>";
  return s.str();
}

std::string render_dot_map(const MapSpec& spec, const std::vector<Place>& places) {
  const double width = 720, pad = 24, max_radius = 16;
  double lat0 = 90, lat1 = -90, lon0 = 180, lon1 = -180, biggest = 0;
  for (const Place& p : places) {
    lat0 = std::min(lat0, p.lat);
    lat1 = std::max(lat1, p.lat);
    lon0 = std::min(lon0, p.lon);
    lon1 = std::max(lon1, p.lon);
    biggest = std::max(biggest, p.size);
  }
  const double k = cos_mean_lat(places);
  const double span_x = std::max((lon1 - lon0) * k, 1e-6), span_y = std::max(lat1 - lat0, 1e-6);
  const double scale = (width - 2 * pad) / span_x;
  const double map_height = span_y * scale;
  const double height = map_height + 2 * pad + 52;
  const Range range = value_range(places);
  std::vector<std::size_t> order(places.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Largest first, so small circles are drawn on top and stay visible.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return places[a].size > places[b].size; });
  std::ostringstream s;
  s << "<svg id=\"" << escape(spec.id) << "\" class=\"map\" width=\"" << num(width)
    << "\" viewBox=\"0 0 " << num(width) << " " << num(height)
    << "\" role=\"img\" aria-labelledby=\"" << escape(spec.id) << "-t\"><title id=\""
    << escape(spec.id) << "-t\">" << escape(spec.title) << "</title>";
  for (std::size_t i : order) {
    const Place& p = places[i];
    const double r =
        biggest > 0 ? std::max(1.5, max_radius * std::sqrt(std::max(p.size, 0.0) / biggest)) : 3;
    s << "<circle cx=\"" << num(pad + (p.lon - lon0) * k * scale) << "\" cy=\""
      << num(pad + (lat1 - p.lat) * scale) << "\" r=\"" << num(r) << "\" fill=\""
      << colour_for(p.value, range.lo, range.hi, spec.diverging)
      << "\" stroke=\"#666\" stroke-width=\"0.5\"><title>"
      << escape(p.name + ": " + table_number(p.value) + " " + spec.units + "; residents " +
                table_number(p.size))
      << "</title></circle>";
  }
  s << legend(spec, range, pad, map_height + 2 * pad + 8) << "</svg>";
  return s.str();
}

}  // namespace migrasim::report
