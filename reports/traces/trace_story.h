#pragma once
// A traced operation told in one sentence, in the order things happened: "the reply to attempt 1 was lost
// (lossy-replies); attempt 1 timed out after 1 s; the client waited 137 ms; attempt 2 sent the same key;
// payments ran charge 2 times; the user saw success after 1.4 s." Plain text (the caller escapes it).

#include <string>

#include "traces/trace_document.h"

namespace chaossim::traces {

std::string trace_story(const Operation& op);

}  // namespace chaossim::traces
