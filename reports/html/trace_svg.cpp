#include "html/trace_svg.h"

#include <cstdio>
#include <map>

#include "html/markdown.h"       // html_escape: names from the results folder are untrusted
#include "html/report_limits.h"  // clipped, kMaxNameBytes
#include "traces/sequence_palette.h"

namespace chaossim {

namespace {

using traces::SequenceDiagram;
using namespace traces;  // the palette

// The notes go right of their lane: the last lane keeps room for them.
constexpr double kWidth = 1000, kAxis = 96, kNotes = 200, kTop = 64, kBottom = 28;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string esc(const std::string& s) { return html_escape(clipped(s, report_limits::kMaxNameBytes)); }

}  // namespace

std::string trace_svg(const SequenceDiagram& d, const std::string& title) {
  const std::size_t n = d.lanes.empty() ? 1 : d.lanes.size();
  const double lane_width = (kWidth - kAxis - kNotes) / static_cast<double>(n);
  auto x = [&](int lane) { return kAxis + (lane + 0.5) * lane_width; };
  auto y = [&](double v) { return kTop + v; };
  const double height = kTop + d.height + kBottom;
  std::string out =
      "<svg class=\"sequence\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(kWidth) + " " + num(height) +
      "\" width=\"" + num(kWidth) + "\" height=\"" + num(height) +
      "\" style=\"max-width:100%;height:auto\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n<title>" +
      esc(title) + "</title>\n";
  out +=
      "<defs><marker id=\"seq-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
      "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"context-stroke\"/>"
      "</marker><pattern id=\"seq-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
      "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#999\" "
      "stroke-width=\"2\"/></pattern></defs>\n";
  // Lanes: a name on top and a lifeline.
  for (std::size_t i = 0; i < d.lanes.size(); ++i) {
    const double cx = x(static_cast<int>(i));
    out += "<rect x=\"" + num(cx - lane_width / 2 + 8) + "\" y=\"8\" width=\"" + num(lane_width - 16) +
           "\" height=\"28\" rx=\"4\" fill=\"" + kLaneFill + "\" stroke=\"" + kLaneStroke + "\"/>\n";
    out += "<text x=\"" + num(cx) + "\" y=\"27\" text-anchor=\"middle\" font-weight=\"bold\" font-size=\"13\">" +
           esc(d.lanes[i]) + "</text>\n";
    out += "<line x1=\"" + num(cx) + "\" y1=\"36\" x2=\"" + num(cx) + "\" y2=\"" + num(height - 8) +
           "\" stroke=\"" + kLifeline + "\" stroke-dasharray=\"4 4\"/>\n";
  }
  for (const auto& [ty, label] : d.ticks)
    out += "<text x=\"" + num(kAxis - 10) + "\" y=\"" + num(y(ty) + 4) +
           "\" text-anchor=\"end\" fill=\"" + kTickText + "\" font-size=\"11\">" + esc(label) + "</text>\n";
  // Bars: requests (with their queueing and work inside), attempts, backoffs.
  using BK = SequenceDiagram::Bar::Kind;
  for (const auto& b : d.bars) {
    const double h = std::max(2.0, b.y1 - b.y0);
    const BarColours c = bar_colours(b.kind);
    const double w = c.width, dx = 0;
    const std::string fill = b.kind == BK::backoff ? "url(#seq-hatch)" : c.fill, stroke = c.stroke;
    std::string extra;
    if (b.cut) extra = " stroke-dasharray=\"3 2\"";
    out += "<rect x=\"" + num(x(b.lane) - w / 2 + dx) + "\" y=\"" + num(y(b.y0)) + "\" width=\"" + num(w) +
           "\" height=\"" + num(h) + "\" fill=\"" + fill + "\" stroke=\"" + stroke + "\"" + extra + "/>\n";
    if (!b.label.empty())
      out += "<text x=\"" + num(x(b.lane) - 12) + "\" y=\"" + num(y((b.y0 + b.y1) / 2) + 4) +
             "\" text-anchor=\"end\" fill=\"" + kBarLabel + "\" font-size=\"11\">" + esc(b.label) + "</text>\n";
  }
  // Arrows: requests left to right, replies back; a lost one stops halfway at a red cross.
  for (const auto& a : d.arrows) {
    const double x0 = x(a.from) + (a.to > a.from ? 8 : -8), x1full = x(a.to) + (a.to > a.from ? -8 : 8);
    const double y0 = y(a.y0), y1full = y(a.y1);
    const double x1 = a.lost ? (x0 + x1full) / 2 : x1full, y1 = a.lost ? (y0 + y1full) / 2 : y1full;
    const char* colour = arrow_colour(a);
    out += "<line x1=\"" + num(x0) + "\" y1=\"" + num(y0) + "\" x2=\"" + num(x1) + "\" y2=\"" + num(y1) +
           "\" stroke=\"" + colour + "\" stroke-width=\"1.6\"" + (a.late ? " stroke-dasharray=\"5 3\"" : "") +
           (a.lost ? "" : " marker-end=\"url(#seq-arrow)\"") + "/>\n";
    if (a.lost)
      out += "<path d=\"M" + num(x1 - 7) + "," + num(y1 - 7) + " L" + num(x1 + 7) + "," + num(y1 + 7) + " M" +
             num(x1 - 7) + "," + num(y1 + 7) + " L" + num(x1 + 7) + "," + num(y1 - 7) +
             "\" stroke=\"#c62828\" stroke-width=\"3\"/>\n";
    const double lx = (x0 + x1) / 2, ly = (y0 + y1) / 2 - 5;
    out += "<text x=\"" + num(lx) + "\" y=\"" + num(ly) + "\" text-anchor=\"middle\" fill=\"" + colour +
           "\" font-size=\"11\">" + esc(a.label + (a.late ? " (too late)" : "")) + "</text>\n";
  }
  // Notes right of their lane; several at one place stack downwards.
  std::map<std::pair<int, long>, int> stacked;
  for (const auto& note : d.notes) {
    const int k = stacked[{note.lane, static_cast<long>(note.y)}]++;
    const double ny = y(note.y) + 4 + 13 * k;
    const double nx = x(note.lane) + 14;
    const char* colour = note_colour(note.kind);
    const bool effect = note_is_effect(note.kind);
    if (effect)
      out +=
          "<path d=\"M" + num(x(note.lane)) + "," + num(ny - 10) + " l6,6 l-6,6 l-6,-6 z\" fill=\"" + colour + "\"/>\n";
    out += std::string("<text x=\"") + num(nx) + "\" y=\"" + num(ny) + "\" fill=\"" + colour + "\"" +
           (note_is_bold(note.kind) ? " font-weight=\"bold\"" : "") + ">" +
           esc(note.text) + "</text>\n";
  }
  return out + "</svg>";
}

}  // namespace chaossim
