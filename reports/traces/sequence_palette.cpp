#include "traces/sequence_palette.h"

namespace chaossim::traces {

const char* note_colour(SequenceDiagram::Note::Kind k) {
  using K = SequenceDiagram::Note::Kind;
  switch (k) {
    case K::effect: return "#2e7d32";
    case K::duplicate_effect: return "#c62828";
    case K::timeout: return "#a15c00";
    case K::store: return "#6a1b9a";
    case K::fault: return "#c62828";
    case K::refusal: return "#555555";
    case K::click: return "#1f4e9e";
    case K::outcome_ok: return "#2e7d32";
    case K::outcome_failed: return "#c62828";
  }
  return "#333333";
}

const char* arrow_colour(const SequenceDiagram::Arrow& a) {
  if (a.lost) return "#c62828";
  if (a.kind == SequenceDiagram::Arrow::Kind::request) return "#333333";
  return a.error ? "#a15c00" : "#1f6feb";
}

BarColours bar_colours(SequenceDiagram::Bar::Kind k) {
  using K = SequenceDiagram::Bar::Kind;
  switch (k) {
    case K::request: return {"#e8eef5", "#5b7290", 16};
    case K::queue: return {"#f5e6b8", "#b08d2a", 16};
    case K::work: return {"#7f9cc0", "#4d6a8f", 16};
    case K::attempt: return {"#cfd9e6", "#5b7290", 12};
    case K::backoff: return {"", "#888888", 12};
  }
  return {"#dfe7f1", "#5b7290", 14};
}

bool note_is_effect(SequenceDiagram::Note::Kind k) {
  return k == SequenceDiagram::Note::Kind::effect || k == SequenceDiagram::Note::Kind::duplicate_effect;
}

bool note_is_bold(SequenceDiagram::Note::Kind k) {
  return note_is_effect(k) || k == SequenceDiagram::Note::Kind::outcome_failed;
}

}  // namespace chaossim::traces
