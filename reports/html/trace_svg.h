#pragma once
// A sequence diagram (traces/sequence_layout.h) as inline SVG for the report: lanes with their names on top, time
// downwards with real times on the left, attempts and requests as bars, arrows for requests (dark) and replies
// (blue; dashed when too late), a red cross where a message was lost, effects as diamonds (red with "duplicate"),
// notes in words. Every name is escaped. `title` becomes the SVG's accessible title.

#include <string>

#include "traces/sequence_layout.h"

namespace chaossim {

std::string trace_svg(const traces::SequenceDiagram& diagram, const std::string& title);

}  // namespace chaossim
