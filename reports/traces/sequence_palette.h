#pragma once
// The colours of a sequence diagram (sequence_layout.h), declared once for the two that draw it: the report's SVG
// (html/trace_svg.cpp) and the dashboard's painted view (gui/app/sequence_view.cpp). "#rrggbb" strings, which both
// SVG and QColor read. Red means damage (a lost message, a duplicate effect, a failure, a fault); blue a reply;
// amber an error reply or a timeout.

#include "traces/sequence_layout.h"

namespace chaossim::traces {

struct BarColours {
  const char* fill;    // empty for backoff: it is hatched (with `stroke`) rather than filled
  const char* stroke;
  double width;  // in the SVG's units (pixels at natural size)
};

const char* note_colour(SequenceDiagram::Note::Kind kind);
const char* arrow_colour(const SequenceDiagram::Arrow& arrow);
BarColours bar_colours(SequenceDiagram::Bar::Kind kind);

// Effects (and duplicate effects) are drawn as a diamond on the lane; their note is bold, as is a failure's.
bool note_is_effect(SequenceDiagram::Note::Kind kind);
bool note_is_bold(SequenceDiagram::Note::Kind kind);

inline constexpr const char* kLaneFill = "#eef2f7";
inline constexpr const char* kLaneStroke = "#8a9bb0";
inline constexpr const char* kLifeline = "#b8c2cc";
inline constexpr const char* kTickText = "#666666";
inline constexpr const char* kBarLabel = "#555555";

}  // namespace chaossim::traces
