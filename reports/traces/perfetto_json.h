#pragma once
// Traces in the Chrome Trace Event format (JSON object form), which ui.perfetto.dev and chrome://tracing open:
// one process per place (`clients`, then each service in the order the traces reach it), one thread (track) per
// client and per service, spans as complete events ("X"), marks as instant events ("i"), and a flow arrow from
// each attempt to the request it delivered (caller -> callee). Times are simulated microseconds from 0.
//
// Slices on one track must nest, or the viewers draw them over one another. Spans of a place that overlap without
// nesting (two operations at a service at once, a double click beside the first click) go to a second track of
// the same place, "payments (2)", found greedily, so every track's slices nest.

#include <string>

#include "traces/trace_document.h"

namespace chaossim::traces {

std::string perfetto_json(const Document& doc);

}  // namespace chaossim::traces
