// The HTML document of the report: one self-contained file (inline CSS and
// SVG, no script, no font or image from anywhere), readable on a laptop
// screen and printable (print styles keep a chart with its table). Every
// text goes through escape(); callers hand over SVG already escaped.
#pragma once

#include <string>
#include <vector>

namespace migrasim::report {

// A table of numbers under a chart. `numeric[c]` right-aligns column c.
struct Table {
  std::string id;
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;
};
std::string render_table(const Table& table);

class HtmlPage {
 public:
  explicit HtmlPage(std::string title) : title_(std::move(title)) {}
  // A section with an id and a heading; the contents follow until the next.
  void section(const std::string& id, const std::string& heading);
  void paragraph(const std::string& text);       // escaped
  void note(const std::string& text);            // escaped, in small grey type
  void html(const std::string& trusted_markup);  // e.g. an SVG from svg_chart
  // A figure: a heading, the chart and its table, kept together in print.
  void figure(const std::string& id, const std::string& heading, const std::string& svg,
              const std::string& table_html, const std::string& caption = {});
  void open_grid(const std::string& css_class = "grid");  // figures side by side
  void close_grid();
  std::string str(const std::string& footer) const;

 private:
  void close_section();
  std::string title_;
  std::string body_;
  bool in_section_ = false;
};

}  // namespace migrasim::report
