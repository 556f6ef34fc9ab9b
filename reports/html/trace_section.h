#pragma once
// "Anatomy of a duplicate, anatomy of a failure": for each variant whose folder has traces (trace.otlp.json, read
// back), the sequence diagram of the first duplicated and of the first failed operation, each with one sentence
// saying what happened. Empty when no variant has traces.

#include <string>

#include "html/results.h"

namespace chaossim {

std::string trace_section_html(const Results& results);

// The same for summary.md: "### Anatomy of a duplicate" with one line per variant that has traces, its first
// duplicated (and first failed) operation told in one sentence. Empty when no variant has traces.
std::string trace_section_markdown(const Results& results);

}  // namespace chaossim
