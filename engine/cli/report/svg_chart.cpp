#include "svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "svg_text.hpp"

namespace migrasim::report {

namespace {

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

constexpr const char* kAxis = "#444";
constexpr const char* kGrid = "#ddd";

// The largest absolute tick: sets the axis's suffix (k, M, bn).
double magnitude(const std::vector<double>& ticks) {
  double m = 0;
  for (double t : ticks) m = std::max(m, std::abs(t));
  return m;
}

}  // namespace

double LinearScale::operator()(double v) const {
  if (d1 == d0) return (r0 + r1) / 2;
  return r0 + (v - d0) * (r1 - r0) / (d1 - d0);
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1};
  if (lo > hi) std::swap(lo, hi);
  if (lo == 0 && hi == 0) hi = 1;  // an all-zero series: 0 at the bottom
  if (lo == hi) {
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  target = std::max(target, 2);
  const double raw = (hi - lo) / target;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  double step = p * 10;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (raw <= m * p * 1.0000001) {
      step = m * p;
      break;
    }
  }
  const double first = std::floor(lo / step + 1e-9) * step;
  const double last = std::ceil(hi / step - 1e-9) * step;
  std::vector<double> ticks;
  for (int i = 0;; ++i) {
    double t = first + i * step;
    if (std::abs(t) < step * 1e-9) t = 0;
    ticks.push_back(t);
    if (t >= last - step * 1e-9 || i > 100) break;
  }
  return ticks;
}

std::vector<int> year_ticks(Month start, int rows, int most) {
  const int years = std::max(1, rows / 12 + 1);
  int every = 1;
  for (int e : {1, 2, 5, 10, 20, 50, 100}) {
    every = e;
    if (years <= most * e) break;
  }
  std::vector<int> xs;
  for (int r = 0; r < rows; ++r) {
    const Month m = start.plus(r);
    if (m.month == 1 && m.year % every == 0) xs.push_back(r);
  }
  return xs;
}

std::string render_line_chart(const LineChart& c) {
  const bool legend = c.legend && c.lines.size() > 1;
  // A legend gets its own row above the event tags.
  const double left = 64, right = 14, top = legend ? 46 : 30, bottom = 30;
  int rows = 0;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  const auto extend = [&](const std::vector<double>& ys) {
    rows = std::max(rows, static_cast<int>(ys.size()));
    for (double v : ys) {
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  };
  for (const Line& l : c.lines) extend(l.y);
  for (const Band& b : c.bands) {
    extend(b.lo);
    extend(b.hi);
  }
  if (!std::isfinite(lo)) lo = hi = 0;
  if (c.zero_based) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
  }
  const auto ticks = nice_ticks(lo, hi, 5);
  const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
  const LinearScale x{0, static_cast<double>(std::max(rows - 1, 1)), left, c.width - right};
  const LinearScale y{ticks.front(), ticks.back(), c.height - bottom, top};
  std::ostringstream s;
  s << "<svg id=\"" << escape(c.id) << "\" class=\"chart\" viewBox=\"0 0 " << c.width << " "
    << c.height << "\" role=\"img\" aria-labelledby=\"" << escape(c.id) << "-t\">"
    << "<title id=\"" << escape(c.id) << "-t\">" << escape(c.title) << "</title>";
  // Grid and y axis labels.
  const double mag = magnitude(ticks);
  for (double t : ticks) {
    const double py = y(t);
    s << "<line x1=\"" << num(left) << "\" x2=\"" << num(c.width - right) << "\" y1=\"" << num(py)
      << "\" y2=\"" << num(py) << "\" stroke=\"" << (t == 0 ? kAxis : kGrid) << "\"/>"
      << "<text x=\"" << num(left - 6) << "\" y=\"" << num(py + 4)
      << "\" text-anchor=\"end\" class=\"tick\">" << escape(tick_label(t, step, mag)) << "</text>";
  }
  s << "<text x=\"" << num(left - 58) << "\" y=\"" << num(top - 14) << "\" class=\"units\">"
    << escape(c.y_units) << "</text>";
  // Time axis: a tick and the year at each shown January.
  s << "<line x1=\"" << num(left) << "\" x2=\"" << num(c.width - right) << "\" y1=\""
    << num(c.height - bottom) << "\" y2=\"" << num(c.height - bottom) << "\" stroke=\"" << kAxis
    << "\"/>";
  for (int r : year_ticks(c.start, rows, c.max_year_ticks)) {
    const double px = x(r);
    s << "<line x1=\"" << num(px) << "\" x2=\"" << num(px) << "\" y1=\"" << num(c.height - bottom)
      << "\" y2=\"" << num(c.height - bottom + 5) << "\" stroke=\"" << kAxis << "\"/>"
      << "<text x=\"" << num(px) << "\" y=\"" << num(c.height - bottom + 18)
      << "\" text-anchor=\"middle\" class=\"tick\">" << c.start.plus(r).year << "</text>";
  }
  // Policy events: a dashed vertical line and its tag at the top.
  for (const TimeMark& m : c.marks) {
    if (m.row < 0 || m.row > rows - 1) continue;
    const double px = x(m.row);
    s << "<g class=\"event-mark\"><line x1=\"" << num(px) << "\" x2=\"" << num(px) << "\" y1=\""
      << num(top - 4) << "\" y2=\"" << num(c.height - bottom)
      << "\" stroke=\"#777\" stroke-dasharray=\"3 3\"/><text x=\"" << num(px) << "\" y=\""
      << num(top - 7) << "\" text-anchor=\"middle\" class=\"mark\">" << escape(m.tag)
      << "</text></g>";
  }
  // Bands: one polygon per run of rows where both bounds are finite.
  for (const Band& b : c.bands) {
    const std::size_t n = std::min(b.lo.size(), b.hi.size());
    std::size_t r = 0;
    while (r < n) {
      while (r < n && !(std::isfinite(b.lo[r]) && std::isfinite(b.hi[r]))) ++r;
      const std::size_t first = r;
      while (r < n && std::isfinite(b.lo[r]) && std::isfinite(b.hi[r])) ++r;
      if (r == first) continue;
      std::string d;
      for (std::size_t k = first; k < r; ++k) {
        d += (k == first ? "M" : "L") + num(x(static_cast<double>(k))) + " " + num(y(b.hi[k]));
      }
      for (std::size_t k = r; k-- > first;) {
        d += "L" + num(x(static_cast<double>(k))) + " " + num(y(b.lo[k]));
      }
      s << "<path class=\"band\" d=\"" << d << "Z\" fill=\""
        << kPalette[static_cast<std::size_t>(b.colour) % kPalette.size()]
        << "\" fill-opacity=\"0.2\" stroke=\"none\"><title>" << escape(b.label)
        << "</title></path>";
    }
  }
  // The lines; a NaN breaks a line.
  for (const Line& l : c.lines) {
    std::string d;
    bool pen = false;
    for (std::size_t r = 0; r < l.y.size(); ++r) {
      if (!std::isfinite(l.y[r])) {
        pen = false;
        continue;
      }
      d += (pen ? "L" : "M") + num(x(static_cast<double>(r))) + " " + num(y(l.y[r]));
      pen = true;
    }
    s << "<path d=\"" << d << "\" fill=\"none\" stroke=\""
      << kPalette[static_cast<std::size_t>(l.colour) % kPalette.size()] << "\" stroke-width=\"2\""
      << (l.dashed ? " stroke-dasharray=\"6 3\"" : "") << "><title>" << escape(l.label)
      << "</title></path>";
  }
  // Legend (only when there is more than one line), right-aligned at the top.
  if (legend) {
    double px = c.width - right;
    for (auto it = c.lines.rbegin(); it != c.lines.rend(); ++it) {
      const double w = 7.0 * static_cast<double>(it->label.size()) + 30;
      px -= w;
      s << "<line x1=\"" << num(px) << "\" x2=\"" << num(px + 20) << "\" y1=\"" << num(10)
        << "\" y2=\"" << num(10) << "\" stroke=\""
        << kPalette[static_cast<std::size_t>(it->colour) % kPalette.size()]
        << "\" stroke-width=\"2\"" << (it->dashed ? " stroke-dasharray=\"6 3\"" : "")
        << "/><text x=\"" << num(px + 24) << "\" y=\"" << num(14) << "\" class=\"legend\">"
        << escape(it->label) << "</text>";
    }
  }
  s << "</svg>";
  return s.str();
}

std::string render_bar_chart(const BarChart& c) {
  const double label_width = 210, right = 80, top = 8, bar = 20, gap = 6, axis = 36;
  const double height = top + static_cast<double>(c.bars.size()) * (bar + gap) + axis;
  double lo = 0, hi = 0;
  for (const Bar& b : c.bars) {
    if (!std::isfinite(b.value)) continue;
    lo = std::min(lo, b.value);
    hi = std::max(hi, b.value);
  }
  const auto ticks = nice_ticks(lo, hi, 4);
  const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
  const LinearScale x{ticks.front(), ticks.back(), label_width, c.width - right};
  const double bottom = height - axis;
  std::ostringstream s;
  s << "<svg id=\"" << escape(c.id) << "\" class=\"chart bars\" width=\"" << c.width
    << "\" viewBox=\"0 0 " << c.width << " " << num(height) << "\" role=\"img\" aria-labelledby=\""
    << escape(c.id) << "-t\"><title id=\"" << escape(c.id) << "-t\">" << escape(c.title)
    << "</title>";
  const double mag = magnitude(ticks);
  for (double t : ticks) {
    const double px = x(t);
    s << "<line x1=\"" << num(px) << "\" x2=\"" << num(px) << "\" y1=\"" << num(top) << "\" y2=\""
      << num(bottom) << "\" stroke=\"" << (t == 0 ? kAxis : kGrid) << "\"/><text x=\"" << num(px)
      << "\" y=\"" << num(bottom + 15) << "\" text-anchor=\"middle\" class=\"tick\">"
      << escape(tick_label(t, step, mag)) << "</text>";
  }
  s << "<text x=\"" << num((label_width + c.width - right) / 2) << "\" y=\"" << num(bottom + 31)
    << "\" text-anchor=\"middle\" class=\"units\">" << escape(c.units) << "</text>";
  for (std::size_t i = 0; i < c.bars.size(); ++i) {
    const Bar& b = c.bars[i];
    const double py = top + static_cast<double>(i) * (bar + gap);
    s << "<text x=\"" << num(label_width - 8) << "\" y=\"" << num(py + bar * 0.7)
      << "\" text-anchor=\"end\" class=\"label\">" << escape(b.label) << "</text>";
    if (!std::isfinite(b.value)) {
      s << "<text x=\"" << num(x(0) + 4) << "\" y=\"" << num(py + bar * 0.7)
        << "\" class=\"value\">no value</text>";
      continue;
    }
    const double x0 = x(std::min(0.0, b.value)), x1 = x(std::max(0.0, b.value));
    const int colour = b.value < 0 ? c.negative_colour : c.colour;
    s << "<rect x=\"" << num(x0) << "\" y=\"" << num(py) << "\" width=\""
      << num(std::max(x1 - x0, 0.5)) << "\" height=\"" << num(bar) << "\" fill=\""
      << kPalette[static_cast<std::size_t>(colour) % kPalette.size()] << "\"><title>"
      << escape(b.label + ": " + table_number(b.value) + " " + c.units) << "</title></rect>";
    s << "<text x=\"" << num(x1 + 4) << "\" y=\"" << num(py + bar * 0.7) << "\" class=\"value\">"
      << escape(short_number(b.value)) << "</text>";
  }
  s << "</svg>";
  return s.str();
}

}  // namespace migrasim::report
