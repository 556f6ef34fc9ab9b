#include "html/map_section.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "html/markdown.h"  // html_escape
#include "html/report_limits.h"
#include "metrics/metric_registry.h"

namespace chaossim {

namespace {

constexpr int kWidth = 1040, kHeight = 460;
// Margins: row labels on the left, column labels and the axis title below, the legend on the right.
constexpr int kLeft = 120, kRight = 170, kTop = 34, kBottom = 64;

std::string esc(const std::string& s) { return html_escape(clipped(s, report_limits::kMaxNameBytes)); }

std::string num(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

// A metric's value as people read it, with its unit.
std::string value_text(const std::string& metric, double v) {
  if (!std::isfinite(v)) return "n/a";
  const MetricInfo* info = find_metric(metric);
  char text[48];
  if (info && info->unit == MetricUnit::fraction)
    std::snprintf(text, sizeof text, "%.3g %%", v * 100);
  else if (info && info->unit == MetricUnit::seconds)
    std::snprintf(text, sizeof text, "%.3g s", v);
  else if (info && info->unit == MetricUnit::multiplier)
    std::snprintf(text, sizeof text, "%.3g×", v);
  else
    std::snprintf(text, sizeof text, "%.4g", v);
  return text;
}

// Which of `n` labels to write so that they do not overlap in `space` pixels (about `each` pixels per label).
bool labelled(std::size_t i, std::size_t n, double space, double each) {
  const std::size_t every =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(each * static_cast<double>(n) / space)));
  return i % every == 0 || i + 1 == n;
}

// Hatch patterns for the inferred cells: the side's pale colour crossed by white lines, and grey for a metric's
// cells that did not run (they have no value, only a side).
std::string patterns() {
  std::string out = "<defs>";
  const auto pattern = [&](const std::string& id, const std::string& colour) {
    out += "<pattern id=\"" + id +
           "\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
           "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"" +
           colour + "\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#ffffff\" stroke-width=\"2\"/></pattern>";
  };
  pattern("map-inferred-holds", map_side_colour(true, true));
  pattern("map-inferred-fails", map_side_colour(false, true));
  return out + "</defs>";
}

}  // namespace

std::string map_svg(const MapGrid& g, int metric, int width, int height) {
  const std::size_t rows = g.row_count(), cols = g.column_count();
  const double plot_w = width - kLeft - kRight, plot_h = height - kTop - kBottom;
  const double cw = plot_w / static_cast<double>(cols), ch = plot_h / static_cast<double>(rows);
  const bool sides = metric < 0;
  const std::vector<double>* values = sides ? nullptr : &g.values[static_cast<std::size_t>(metric)];
  const auto range = values ? map_range(*values) : std::nullopt;
  // Copied out once: GCC 12 takes the optional's members for uninitialised where the legend reads them.
  const double lowest = range ? range->first : 0, highest = range ? range->second : 0;
  const std::string name = sides ? g.boundary : g.metrics[static_cast<std::size_t>(metric)];

  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" width=\"" + std::to_string(width) + "\" height=\"" +
                    std::to_string(height) + "\" role=\"img\" aria-label=\"" + esc("heat map of " + name) +
                    "\" font-family=\"sans-serif\" font-size=\"12\">" + patterns();
  out += "<text x=\"" + num(kLeft) + "\" y=\"20\" font-size=\"14\" font-weight=\"bold\">" +
         esc(sides ? "Where " + g.boundary + " holds" : name) + "</text>";
  // Rows from the bottom up: the first --y value lowest, as on any chart's y axis.
  const auto y_of = [&](std::size_t r) { return kTop + plot_h - ch * static_cast<double>(r + 1); };
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) {
      const std::size_t i = r * cols + c;
      const MapGrid::Cell cell = g.cells[i];
      std::string fill;
      if (cell == MapGrid::Cell::missing)
        fill = "#bbbbbb";
      else if (!MapGrid::ran(cell))
        fill = MapGrid::holds(cell) ? "url(#map-inferred-holds)" : "url(#map-inferred-fails)";
      else if (sides || !range || !std::isfinite((*values)[i]))
        fill = sides ? map_side_colour(MapGrid::holds(cell), false) : "#dddddd";
      else
        fill = map_colour((*values)[i], lowest, highest);
      out += "<rect x=\"" + num(kLeft + cw * static_cast<double>(c)) + "\" y=\"" + num(y_of(r)) + "\" width=\"" +
             num(cw + 0.05) + "\" height=\"" + num(ch + 0.05) + "\" fill=\"" + fill + "\">";
      // A tooltip for the cells that ran (at most a few hundred: the others say only their side).
      if (MapGrid::ran(cell))
        out += "<title>" +
               esc(g.rows.label(r) + ", " + g.columns.label(c) + ": " +
                   (sides ? std::string(MapGrid::holds(cell) ? "holds" : "fails") : value_text(name, (*values)[i]))) +
               "</title>";
      out += "</rect>";
    }
  // The boundary: between the last cell of one side and the first of the other, row by row, joined into steps.
  std::string path;
  bool drawing = false;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t edge = g.boundary_column(r);
    if (!edge) {
      drawing = false;
      continue;
    }
    const std::string x = num(kLeft + cw * static_cast<double>(edge));
    path += (drawing ? " L" : " M") + x + " " + num(y_of(r) + ch) + " L" + x + " " + num(y_of(r));
    drawing = true;
  }
  if (!path.empty())
    out += "<path d=\"" + path.substr(1) + "\" fill=\"none\" stroke=\"#111111\" stroke-width=\"2.5\"/>";
  // Axes: labels that fit, and the swept paths as titles.
  for (std::size_t c = 0; c < cols; ++c)
    if (labelled(c, cols, plot_w, 56))
      out += "<text x=\"" + num(kLeft + cw * (static_cast<double>(c) + 0.5)) + "\" y=\"" + num(kTop + plot_h + 16) +
             "\" text-anchor=\"middle\">" + esc(g.columns.label(c)) + "</text>";
  for (std::size_t r = 0; r < rows; ++r)
    if (labelled(r, rows, plot_h, 16))
      out += "<text x=\"" + num(kLeft - 6) + "\" y=\"" + num(y_of(r) + ch / 2 + 4) + "\" text-anchor=\"end\">" +
             esc(g.rows.label(r)) + "</text>";
  out += "<text x=\"" + num(kLeft + plot_w / 2) + "\" y=\"" + num(height - 14) + "\" text-anchor=\"middle\">" +
         esc(g.columns.path) + "</text>";
  out += "<text transform=\"translate(14 " + num(kTop + plot_h / 2) + ") rotate(-90)\" text-anchor=\"middle\">" +
         esc(g.rows.path) + "</text>";
  // The legend.
  const double lx = width - kRight + 16;
  double ly = kTop;
  const auto swatch = [&](const std::string& fill, const std::string& text) {
    out += "<rect x=\"" + num(lx) + "\" y=\"" + num(ly) + "\" width=\"14\" height=\"14\" fill=\"" + fill +
           "\" stroke=\"#666666\" stroke-width=\"0.5\"/><text x=\"" + num(lx + 20) + "\" y=\"" + num(ly + 11) + "\">" +
           esc(text) + "</text>";
    ly += 20;
  };
  if (sides) {
    swatch(map_side_colour(true, false), "holds (run)");
    swatch(map_side_colour(false, false), "fails (run)");
  } else if (range) {
    // A colour ramp from the lowest value (bottom) to the highest (top).
    constexpr int kSteps = 24;
    const double ramp_h = 150;
    for (int k = 0; k < kSteps; ++k) {
      const double t = 1.0 - static_cast<double>(k) / (kSteps - 1);
      out += "<rect x=\"" + num(lx) + "\" y=\"" + num(ly + ramp_h * k / kSteps) + "\" width=\"14\" height=\"" +
             num(ramp_h / kSteps + 0.5) + "\" fill=\"" + map_colour(lowest + t * (highest - lowest), lowest, highest) +
             "\"/>";
    }
    out += "<text x=\"" + num(lx + 20) + "\" y=\"" + num(ly + 10) + "\">" + esc(value_text(name, highest)) +
           "</text><text x=\"" + num(lx + 20) + "\" y=\"" + num(ly + ramp_h) + "\">" + esc(value_text(name, lowest)) +
           "</text>";
    ly += ramp_h + 14;
  }
  swatch("url(#map-inferred-holds)", "holds (inferred)");
  swatch("url(#map-inferred-fails)", "fails (inferred)");
  if (std::count(g.cells.begin(), g.cells.end(), MapGrid::Cell::missing)) swatch("#bbbbbb", "not finished");
  out += "<text x=\"" + num(lx) + "\" y=\"" + num(ly + 8) + "\" font-size=\"11\">Hatched: not run,</text>";
  out += "<text x=\"" + num(lx) + "\" y=\"" + num(ly + 22) + "\" font-size=\"11\">inferred from the</text>";
  out += "<text x=\"" + num(lx) + "\" y=\"" + num(ly + 36) + "\" font-size=\"11\">bisection of its row</text>";
  return out + "</svg>";
}

std::string map_section_html(const MapGrid& g) {
  const std::size_t run = g.cells_run(), all = g.cells.size();
  char share[16];
  std::snprintf(share, sizeof share, "%.1f", 100.0 * static_cast<double>(run) / static_cast<double>(all));
  std::string out = "<section id=\"map\">\n<h2>Metastability map</h2>\n";
  out += "<p>Where <code>" + esc(g.boundary) + "</code> holds, over <code>" + esc(g.rows.path) + "</code> (" +
         std::to_string(g.row_count()) + " values, rows) and <code>" + esc(g.columns.path) + "</code> (" +
         std::to_string(g.column_count()) + " values, columns). <strong>" + std::to_string(run) + " of " +
         std::to_string(all) + " cells ran</strong> (" + share +
         "% of the full grid): along each row the two ends, then bisection towards the boundary. The hatched cells "
         "did not run; they are inferred from their row's bisection, which assumes one boundary per row (a row that "
         "flips back and forth is drawn at one of its flips; sweep the row to see all of it). The black line is the "
         "boundary.</p>\n";
  out += "<figure id=\"map-boundary\">" + map_svg(g, -1, kWidth, kHeight) + "</figure>\n";
  for (std::size_t m = 0; m < g.metrics.size(); ++m)
    out += "<figure id=\"map-" + std::to_string(m) + "\">" + map_svg(g, static_cast<int>(m), kWidth, kHeight) +
           "<figcaption>" + esc(g.metrics[m]) +
           " in the cells that ran (the mean over the replications); grey: undefined in that cell.</figcaption>"
           "</figure>\n";
  return out + "</section>\n";
}

}  // namespace chaossim
