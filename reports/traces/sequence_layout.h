#pragma once
// A traced operation laid out as a sequence diagram, in plain numbers (no drawing library): lanes left to right
// (the client, then each service in the order the operation reaches it), time downwards, bars for attempts,
// backoff waits and the requests at services (queueing and work inside them), arrows for requests and replies (a
// lost one stops halfway at a cross), and notes for effects, timeouts, idempotency answers, faults and refusals.
// The report draws it as SVG (html/trace_svg.h); a dashboard can paint the same layout.
//
// Time is compressed, not to scale: each distinct instant gets a row, and the gap between two rows grows with the
// time between them but stays within [kMinGap, kMaxGap], so a 2 ms hop and a 2 s backoff both stay readable. The
// axis labels say the real times.

#include <string>
#include <vector>

#include "traces/trace_document.h"

namespace chaossim::traces {

struct SequenceDiagram {
  static constexpr double kMinGap = 22, kMaxGap = 90;

  struct Bar {
    enum class Kind { attempt, backoff, request, queue, work } kind;
    int lane = 0;
    double y0 = 0, y1 = 0;
    std::string label;  // backoff: "backoff 137 ms"; request: "attempt 2"
    bool cut = false;   // still open when the run ended
  };
  struct Arrow {
    enum class Kind { request, reply } kind;
    int from = 0, to = 0;
    double y0 = 0, y1 = 0;
    bool lost = false;   // ends halfway with a cross
    bool late = false;   // a reply that came after its attempt had timed out
    bool error = false;  // a reply that is not a success
    std::string label;
  };
  struct Note {
    enum class Kind { effect, duplicate_effect, timeout, store, fault, refusal, click, outcome_ok, outcome_failed } kind;
    int lane = 0;
    double y = 0;
    std::string text;
  };

  std::vector<std::string> lanes;
  std::vector<Bar> bars;
  std::vector<Arrow> arrows;
  std::vector<Note> notes;
  std::vector<std::pair<double, std::string>> ticks;  // y, "+1.234 s" from the operation's start
  double height = 0;                                   // of the time area, from y = 0
};

SequenceDiagram lay_out_sequence(const Operation& op);

// "1.25 s", "137 ms", "850 µs": a duration as people read it.
std::string readable_duration(std::int64_t ns);

}  // namespace chaossim::traces
