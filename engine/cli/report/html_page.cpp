#include "html_page.hpp"

#include "svg_text.hpp"

namespace migrasim::report {

namespace {

// System fonts only (nothing to fetch); sizes in rem so the reader's zoom
// works; print: A4-friendly margins, no figure split across pages.
constexpr const char* kStyle = R"css(
:root { --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 1.2rem 1.5rem 3rem; }
header.top { border-bottom: 3px solid #0072B2; margin-bottom: 1rem; }
h1 { font-size: 1.7rem; margin: 0.4rem 0 0.2rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; }
h3 { font-size: 1.02rem; margin: 0.2rem 0 0.3rem; }
p { max-width: 60rem; }
.note { color: var(--muted); font-size: 0.88rem; }
nav a { margin-right: 1rem; color: #0072B2; }
figure { margin: 0 0 1.4rem; break-inside: avoid; page-break-inside: avoid; }
figcaption { color: var(--muted); font-size: 0.85rem; margin-top: 0.2rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 0.6rem 1.4rem; }
.grid.small { grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); }
svg.chart { width: 100%; height: auto; display: block; font-size: 12px; }
svg.chart.bars { width: auto; max-width: 100%; }
svg.map { max-width: 100%; height: auto; display: block; font-size: 12px; }
svg .tick, svg .legend, svg .value, svg .label { fill: #333; font-size: 12px; }
svg .units { fill: #333; font-size: 12px; font-style: italic; }
svg .mark { fill: #555; font-size: 11px; font-weight: bold; }
svg .tile-name { font-size: 10.5px; font-weight: 600; }
.side { display: flex; flex-wrap: wrap; gap: 0.5rem 2.5rem; align-items: flex-start; }
.side > figure { flex: 0 1 auto; max-width: 100%; }
svg .tile-value { font-size: 11px; }
table { border-collapse: collapse; font-size: 0.82rem; margin: 0.4rem 0 0.2rem; }
caption { text-align: left; color: var(--muted); font-size: 0.82rem; padding-bottom: 0.2rem; }
th, td { padding: 0.15rem 0.55rem; border-bottom: 1px solid #e6e6e6; vertical-align: top; }
th { text-align: left; background: #f3f5f7; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.scroll { overflow-x: auto; max-width: 100%; }
#table-what-ran td:first-child { white-space: nowrap; font-weight: 600; }
code { font-size: 0.85em; word-break: break-all; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.8rem; border-top: 1px solid var(--rule); padding-top: 0.5rem; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .scroll { overflow: visible; }
  @page { margin: 14mm; }
}
)css";

}  // namespace

std::string render_table(const Table& t) {
  std::string s = "<div class=\"scroll\"><table";
  if (!t.id.empty()) s += " id=\"" + escape(t.id) + "\"";
  s += ">";
  if (!t.caption.empty()) s += "<caption>" + escape(t.caption) + "</caption>";
  const auto cls = [&](std::size_t c) {
    return c < t.numeric.size() && t.numeric[c] ? std::string(" class=\"n\"") : std::string();
  };
  s += "<thead><tr>";
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    s += "<th" + cls(c) + " scope=\"col\">" + escape(t.header[c]) + "</th>";
  }
  s += "</tr></thead><tbody>";
  for (const auto& row : t.rows) {
    s += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c)
      s += "<td" + cls(c) + ">" + escape(row[c]) + "</td>";
    s += "</tr>";
  }
  return s + "</tbody></table></div>";
}

void HtmlPage::close_section() {
  if (in_section_) body_ += "</section>\n";
  in_section_ = false;
}

void HtmlPage::section(const std::string& id, const std::string& heading) {
  close_section();
  body_ += "<section id=\"" + escape(id) + "\"><h2>" + escape(heading) + "</h2>\n";
  in_section_ = true;
}

void HtmlPage::paragraph(const std::string& text) {
  body_ += "<p>" + escape(text) + "</p>\n";
}

void HtmlPage::note(const std::string& text) {
  body_ += "<p class=\"note\">" + escape(text) + "</p>\n";
}

void HtmlPage::html(const std::string& trusted_markup) {
  body_ += trusted_markup + "\n";
}

void HtmlPage::figure(const std::string& id, const std::string& heading, const std::string& svg,
                      const std::string& table_html, const std::string& caption) {
  body_ += "<figure id=\"" + escape(id) + "\"><h3>" + escape(heading) + "</h3>" + svg;
  if (!caption.empty()) body_ += "<figcaption>" + escape(caption) + "</figcaption>";
  body_ += table_html + "</figure>\n";
}

void HtmlPage::open_grid(const std::string& css_class) {
  body_ += "<div class=\"" + escape(css_class) + "\">\n";
}

void HtmlPage::close_grid() {
  body_ += "</div>\n";
}

std::string HtmlPage::str(const std::string& footer) const {
  std::string s =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      // Nothing may load from anywhere: no script, no remote style or image.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; img-src data:\">"
      "<title>" +
      escape(title_) + "</title><style>" + kStyle + "</style></head><body><main>\n";
  s += body_;
  if (in_section_) s += "</section>\n";
  s += "<footer>" + escape(footer) + "</footer>\n</main></body></html>\n";
  return s;
}

}  // namespace migrasim::report
