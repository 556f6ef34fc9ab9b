#include "html/svg_polylines.h"

#include <cctype>

namespace chaossim {

namespace {

constexpr std::string_view kOpen = "<polyline ";
constexpr std::string_view kPoints = "points=\"";
constexpr std::string_view kClose = "/>";

// One <polyline .../> element at `at`: its attributes before the points, its points, and where it ends.
struct Polyline {
  std::string_view before;  // from "<polyline " up to "points=\""
  std::string_view points;  // "x,y x,y " as written
  std::size_t end = 0;      // one past "/>"
};

bool parse(std::string_view svg, std::size_t at, Polyline& out) {
  if (svg.compare(at, kOpen.size(), kOpen) != 0) return false;
  const std::size_t tag_end = svg.find('>', at);
  const std::size_t p = svg.find(kPoints, at);
  if (tag_end == std::string_view::npos || p == std::string_view::npos || p > tag_end) return false;
  const std::size_t q = svg.find('"', p + kPoints.size());
  if (q == std::string_view::npos) return false;
  std::size_t close = q + 1;
  while (close < svg.size() && svg[close] == ' ') ++close;
  if (svg.compare(close, kClose.size(), kClose) != 0) return false;
  out.before = svg.substr(at, p - at);
  out.points = svg.substr(p + kPoints.size(), q - p - kPoints.size());
  out.end = close + kClose.size();
  return true;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

std::string_view first_point(std::string_view points) {
  points = trimmed(points);
  return points.substr(0, points.find(' '));
}

std::string_view last_point(std::string_view points) {
  points = trimmed(points);
  const std::size_t space = points.rfind(' ');
  return space == std::string_view::npos ? points : points.substr(space + 1);
}

}  // namespace

std::string joined_polylines(std::string_view svg) {
  std::string out;
  out.reserve(svg.size());
  std::size_t at = 0;
  while (at < svg.size()) {
    const std::size_t next = svg.find(kOpen, at);
    if (next == std::string_view::npos) break;
    Polyline line;
    if (!parse(svg, next, line)) {
      out.append(svg.substr(at, next + kOpen.size() - at));
      at = next + kOpen.size();
      continue;
    }
    out.append(svg.substr(at, next - at));
    std::string points(trimmed(line.points));
    std::size_t end = line.end;
    for (;;) {
      std::size_t gap = end;
      while (gap < svg.size() && std::isspace(static_cast<unsigned char>(svg[gap]))) ++gap;
      Polyline following;
      if (!parse(svg, gap, following) || following.before != line.before ||
          first_point(following.points) != last_point(points))
        break;
      const std::string_view rest = trimmed(following.points);
      const std::size_t space = rest.find(' ');
      if (space != std::string_view::npos) points.append(" ").append(rest.substr(space + 1));
      end = following.end;
    }
    out.append(line.before).append(kPoints).append(points).append("\" />");
    at = end;
  }
  out.append(svg.substr(std::min(at, svg.size())));
  return out;
}

}  // namespace chaossim
