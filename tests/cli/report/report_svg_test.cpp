// Unit tests of the HTML report's drawing pieces (engine/cli/report/):
// escaping, number labels, scales and ticks, the charts' markup, the tile
// layout and the colour scales.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <set>

#include "cli/report/html_page.hpp"
#include "cli/report/svg_chart.hpp"
#include "cli/report/svg_text.hpp"
#include "cli/report/tile_map.hpp"

namespace migrasim::report {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(report_svg, EscapeReplacesMarkupCharacters) {
  EXPECT_EQ(escape("Alpha"), "Alpha");
  EXPECT_EQ(escape("<b>\"A&B\"</b> 'x'"), "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &#39;x&#39;");
  EXPECT_EQ(escape("北京 → 上海"), "北京 → 上海");  // valid UTF-8 stays
}

TEST(report_svg, EscapeReplacesInvalidUtf8AndControlCharacters) {
  EXPECT_EQ(escape(std::string("a\xff"
                               "b")),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(escape(std::string("a\x01"
                               "b")),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(escape(std::string("\xE5\x8C")), "\xEF\xBF\xBD\xEF\xBF\xBD");  // cut short
}

TEST(report_svg, ShortNumbersUseOneSuffix) {
  EXPECT_EQ(short_number(0), "0");
  EXPECT_EQ(short_number(950), "950");
  EXPECT_EQ(short_number(8'550), "8,550");
  EXPECT_EQ(short_number(12'500), "12.5 k");
  EXPECT_EQ(short_number(1'530'000), "1.53 M");
  EXPECT_EQ(short_number(47'790'000), "47.8 M");
  EXPECT_EQ(short_number(-2.4e9), "-2.40 bn");
  EXPECT_EQ(short_number(3.1e12), "3.10 tn");
  EXPECT_EQ(short_number(0.25), "0.25");
  EXPECT_EQ(short_number(NAN), "–");
}

TEST(report_svg, TickLabelsHaveTheDecimalsTheStepNeeds) {
  EXPECT_EQ(tick_label(2.5e6, 0.5e6, 1e7), "2.5 M");
  EXPECT_EQ(tick_label(2e6, 1e6, 1e7), "2 M");
  EXPECT_EQ(tick_label(0.15, 0.05, 0.3), "0.15");
  EXPECT_EQ(tick_label(-0.0, 0.1, 1), "0");
  EXPECT_EQ(tick_label(1e-12, 1e3, 1e5), "0");  // a rounding error at 0
  EXPECT_EQ(tick_label(40'000, 20'000, 100'000), "40 k");
  EXPECT_EQ(tick_label(7'500, 2'500, 10'000), "7.5 k");  // the step's decimals
  EXPECT_EQ(tick_label(10'000, 2'500, 10'000), "10.0 k");
}

TEST(report_svg, TableNumbersGroupThousands) {
  EXPECT_EQ(table_number(1'234'567), "1,234,567");
  EXPECT_EQ(table_number(-4'000.4), "-4,000");
  EXPECT_EQ(table_number(0.12345), "0.1235");
  EXPECT_EQ(table_number(12), "12");
  EXPECT_EQ(table_number(NAN), "–");
}

TEST(report_svg, LinearScaleMapsTheDomain) {
  const LinearScale s{0, 10, 100, 200};
  EXPECT_DOUBLE_EQ(s(0), 100);
  EXPECT_DOUBLE_EQ(s(5), 150);
  EXPECT_DOUBLE_EQ(s(10), 200);
  const LinearScale flipped{0, 10, 200, 100};  // a y axis: up is smaller
  EXPECT_DOUBLE_EQ(flipped(10), 100);
  EXPECT_DOUBLE_EQ((LinearScale{3, 3, 0, 10})(3), 5);  // zero width: the middle
}

TEST(report_svg, NiceTicksCoverTheRangeWithRoundSteps) {
  EXPECT_EQ(nice_ticks(0, 10, 5), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  EXPECT_EQ(nice_ticks(0, 47.79e6, 5), (std::vector<double>{0, 10e6, 20e6, 30e6, 40e6, 50e6}));
  const auto t = nice_ticks(-3.2, 7.9, 4);
  EXPECT_LE(t.front(), -3.2);
  EXPECT_GE(t.back(), 7.9);
  EXPECT_TRUE(std::count(t.begin(), t.end(), 0.0) == 1) << "0 is a tick";
  for (std::size_t i = 1; i < t.size(); ++i) {
    const double step = t[i] - t[i - 1];
    const double unit = std::pow(10.0, std::floor(std::log10(step)));
    const double m = step / unit;
    EXPECT_TRUE(std::abs(m - 1) < 1e-9 || std::abs(m - 2) < 1e-9 || std::abs(m - 2.5) < 1e-9 ||
                std::abs(m - 5) < 1e-9)
        << step;
  }
  // A flat series still gets an axis around its value, and NaN a default one.
  const auto flat = nice_ticks(5, 5);
  EXPECT_LT(flat.front(), 5);
  EXPECT_GT(flat.back(), 5);
  EXPECT_EQ(nice_ticks(NAN, 1), (std::vector<double>{0, 1}));
  EXPECT_EQ(nice_ticks(0, 0).front(), 0);  // all zero: 0 at the bottom, not in the middle
}

TEST(report_svg, YearTicksAreJanuaries) {
  EXPECT_EQ(year_ticks(Month{2007, 1}, 121),
            (std::vector<int>{0, 12, 24, 36, 48, 60, 72, 84, 96, 108, 120}));
  EXPECT_EQ(year_ticks(Month{2007, 3}, 13), (std::vector<int>{10}));
  // A small chart: every other year (2008, 2010, ...), so the labels do not collide.
  EXPECT_EQ(year_ticks(Month{2007, 1}, 121, 6), (std::vector<int>{12, 36, 60, 84, 108}));
  // 40 years: every 5th year.
  EXPECT_EQ(year_ticks(Month{2000, 1}, 480),
            (std::vector<int>{0, 60, 120, 180, 240, 300, 360, 420}));
}

TEST(report_svg, LineChartDrawsLinesMarksAndEscapedLabels) {
  LineChart c;
  c.id = "chart-x";
  c.title = "Migrants <Alpha & Beta>";
  c.y_units = "persons";
  c.start = Month{2007, 1};
  c.lines.push_back({"this run", {0, 1e6, 2e6, NAN, 3e6}, 0, false});
  c.lines.push_back({"base <1>", {0, 1e6, 1.5e6, 2e6, 2.5e6}, 1, true});
  c.marks.push_back({2, "1,2"});
  const std::string svg = render_line_chart(c);
  EXPECT_EQ(svg.rfind("<svg id=\"chart-x\"", 0), 0u);
  EXPECT_NE(svg.find("Migrants &lt;Alpha &amp; Beta&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<Alpha"), std::string::npos);
  EXPECT_NE(svg.find("base &lt;1&gt;"), std::string::npos);
  EXPECT_EQ(count(svg, "<path d="), 2u);
  EXPECT_EQ(count(svg, "class=\"event-mark\""), 1u);
  EXPECT_NE(svg.find(">1,2</text>"), std::string::npos);
  EXPECT_NE(svg.find(">3 M</text>"), std::string::npos);  // a y tick
  EXPECT_NE(svg.find(">persons</text>"), std::string::npos);
  // The NaN breaks the first line into two pieces: two M commands.
  const auto first = svg.find("<path d=\"");
  const std::string d = svg.substr(first, svg.find('"', first + 9) - first);
  EXPECT_EQ(count(d, "M"), 2u) << d;
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
}

TEST(report_svg, LineChartDrawsABandUnderTheLines) {
  LineChart c;
  c.id = "chart-band";
  c.start = Month{2007, 1};
  c.lines.push_back({"median", {1, 2, 3}, 0, false});
  c.bands.push_back({"5-95 %", {0.5, 1.5, 2}, {1.5, 2.5, 4}, 0});
  const std::string svg = render_line_chart(c);
  EXPECT_EQ(count(svg, "class=\"band\""), 1u);
  EXPECT_LT(svg.find("class=\"band\""), svg.find("<path d="));
  EXPECT_NE(svg.find(">4</text>"), std::string::npos);  // the axis reaches the band's top
}

TEST(report_svg, BarChartDivergesAroundZero) {
  BarChart c;
  c.id = "chart-bars";
  c.units = "yuan per year";
  c.bars = {{"pension", 2e9}, {"health", -1e9}, {"x & y", NAN}};
  const std::string svg = render_bar_chart(c);
  EXPECT_EQ(count(svg, "<rect"), 2u);
  EXPECT_NE(svg.find(kPalette[0]), std::string::npos);
  EXPECT_NE(svg.find(kPalette[4]), std::string::npos);  // the negative bar
  EXPECT_NE(svg.find("x &amp; y"), std::string::npos);
  EXPECT_NE(svg.find("no value"), std::string::npos);
  EXPECT_NE(svg.find(">yuan per year</text>"), std::string::npos);
}

TEST(report_svg, TileLayoutGivesEachPlaceItsOwnCellAndKeepsTheGeography) {
  std::vector<Place> places;
  // A 5 x 4 lattice of centroids, 2 degrees apart.
  for (int i = 0; i < 20; ++i) {
    places.push_back({"p" + std::to_string(i), 40.0 - 2 * (i / 5), 100.0 + 2 * (i % 5), 0, 0});
  }
  const auto cells = tile_layout(places);
  ASSERT_EQ(cells.size(), places.size());
  std::set<std::pair<int, int>> used;
  for (const Cell& c : cells) EXPECT_TRUE(used.insert({c.col, c.row}).second) << "a shared cell";
  for (std::size_t a = 0; a < places.size(); ++a) {
    for (std::size_t b = 0; b < places.size(); ++b) {
      // West stays west and north stays north.
      if (places[a].lon < places[b].lon) {
        EXPECT_LT(cells[a].col, cells[b].col);
      }
      if (places[a].lat > places[b].lat) {
        EXPECT_LT(cells[a].row, cells[b].row);
      }
    }
  }
  // Two places at one centroid still get two cells.
  const auto twins = tile_layout({{"a", 30, 120, 0, 0}, {"b", 30, 120, 0, 0}});
  EXPECT_NE(std::make_pair(twins[0].col, twins[0].row), std::make_pair(twins[1].col, twins[1].row));
}

TEST(report_svg, ColourScales) {
  EXPECT_EQ(colour_for(0, 0, 1, false), "#440154");  // viridis' ends
  EXPECT_EQ(colour_for(1, 0, 1, false), "#fde725");
  EXPECT_EQ(colour_for(0, -5, 2, true), "#f7f7f7");  // 0 is white on a diverging scale
  EXPECT_EQ(colour_for(-5, -5, 2, true), "#2166ac");
  EXPECT_EQ(colour_for(5, -5, 2, true), "#b35806");  // symmetric: +5 is the orange end
  EXPECT_EQ(colour_for(NAN, 0, 1, false), "#bbbbbb");
}

TEST(report_svg, MapsHaveATileOrADotPerPlace) {
  std::vector<Place> places = {
      {"A<1>", 31, 121, 5, 100}, {"B", 30, 120, 7, 50}, {"C", 30, 104, NAN, 10}};
  const std::string tiles = render_tile_map({"map-t", "t", "persons", false}, places);
  EXPECT_EQ(count(tiles, "class=\"tile\""), 3u);
  EXPECT_NE(tiles.find("A&lt;1&gt;"), std::string::npos);
  const std::string dots = render_dot_map({"map-d", "d", "persons", false}, places);
  EXPECT_EQ(count(dots, "<circle"), 3u);
  EXPECT_EQ(dots.rfind("<svg id=\"map-d\"", 0), 0u);
}

TEST(report_svg, PageIsSelfContained) {
  HtmlPage page("Title <x>");
  page.section("s1", "Section & one");
  page.paragraph("<script>alert(1)</script>");
  Table t;
  t.id = "tab";
  t.header = {"name", "value"};
  t.rows = {{"<b>", "1,234"}};
  t.numeric = {false, true};
  page.html(render_table(t));
  const std::string html = page.str("footer");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("<title>Title &lt;x&gt;</title>"), std::string::npos);
  EXPECT_NE(html.find("<section id=\"s1\"><h2>Section &amp; one</h2>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"n\">1,234</td>"), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

}  // namespace
}  // namespace migrasim::report
