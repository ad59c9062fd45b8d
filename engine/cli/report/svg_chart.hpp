// The charts of the HTML report as inline SVG: a linear scale with "nice"
// ticks, a line chart over the run's months (with the policy events marked
// on the time axis) and a horizontal bar chart (diverging around 0 when a
// value is negative). Colours are the Okabe-Ito palette, which readers with
// the common colour-vision deficiencies can tell apart; lines also differ by
// dash so a printout in grey still works. Text is escaped (svg_text.hpp).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "migrasim/month.hpp"

namespace migrasim::report {

// Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green,
// reddish purple, vermillion, sky blue, black (yellow left out: too pale on
// white paper).
inline constexpr std::array<const char*, 7> kPalette = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                                        "#D55E00", "#56B4E9", "#000000"};

// Maps [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle.
struct LinearScale {
  double d0 = 0, d1 = 1, r0 = 0, r1 = 1;
  double operator()(double v) const;
};

// Ticks 1, 2, 2.5 or 5 x 10^k apart covering [lo, hi], about `target` of
// them; the first tick <= lo and the last >= hi. lo == hi gets a range
// around the value; NaN or infinite bounds give {0, 1}.
std::vector<double> nice_ticks(double lo, double hi, int target = 5);

struct Line {
  std::string label;
  std::vector<double> y;  // one value per row (NaN: a gap)
  int colour = 0;         // index into kPalette
  bool dashed = false;
};

// A shaded band between two lines, e.g. the 5-95 % quantiles of an
// ensemble. Ensemble run files do not exist yet; when they do, the report
// fills LineChart::bands from them (report_sections.hpp says where).
struct Band {
  std::string label;
  std::vector<double> lo, hi;  // one value each per row (NaN: a gap)
  int colour = 0;
};

// A vertical mark on the time axis: the row it happens at and a short tag
// ("1", "2,3") that the events table explains.
struct TimeMark {
  double row = 0;
  std::string tag;
};

struct LineChart {
  std::string id;       // the svg element's id
  std::string title;    // accessible name (the <title>); the page shows the heading
  std::string y_units;  // shown above the y axis: "persons", "yuan per month"
  Month start;          // date of row 0
  std::vector<Line> lines;
  std::vector<Band> bands;  // drawn under the lines
  std::vector<TimeMark> marks;
  bool zero_based = true;   // the y axis includes 0
  bool legend = true;       // a legend above the plot when there are 2+ lines
  int max_year_ticks = 11;  // fewer on small charts, so the years do not collide
  int width = 560, height = 260;
};
std::string render_line_chart(const LineChart& chart);

struct Bar {
  std::string label;
  double value = 0;
};
struct BarChart {
  std::string id, title;
  std::string units;  // shown under the x axis
  std::vector<Bar> bars;
  int colour = 0;           // positive bars
  int negative_colour = 4;  // negative bars (vermillion)
  int width = 640;
};
std::string render_bar_chart(const BarChart& chart);

// The x position (in rows since row 0) of each January shown as a tick:
// every year, or every 2, 5, 10 ... years (years divisible by it) so that
// at most `most` are shown.
std::vector<int> year_ticks(Month start, int rows, int most = 11);

}  // namespace migrasim::report
