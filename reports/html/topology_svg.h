#pragma once
// The topology of a scenario as an SVG diagram: the clients and the services as boxes, one arrow per edge
// labelled with its strategies in short ("timeout 1s · 3 tries · key · breaker"), laid out by Graphviz's dot.
// Qt-free, for the report and the dashboard (which can show it with QSvgRenderer).
//
// Every name in a scenario is untrusted: names reach Graphviz only as attribute values set with agsafeset (never
// as DOT text), nodes are named by index, and the SVG that comes back is checked to hold no script, no external
// reference and no element beyond the shapes and text Graphviz draws; anything else gives no diagram.

#include <cstddef>
#include <string>

#include "model/config.h"

namespace chaossim {

// Above this many services plus edges a diagram would be unreadable: the caller gets a note instead.
inline constexpr std::size_t kMaxTopologyElements = 60;

// The diagram as inline SVG markup (an <svg> element with a viewBox and width="100%", no XML prolog), or "" when
// there is none; then `why_not`, when given, says why in a sentence ("The system has 80 services and edges, too
// many to draw; the table lists them.").
std::string topology_svg(const Scenario& scenario, std::string* why_not = nullptr);

}  // namespace chaossim
