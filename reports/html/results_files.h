#pragma once
// The reader's parsers of single files of a results folder (used by results.cpp; exposed for tests). Each takes the
// text of an untrusted file and runs in time linear in its length.

#include <memory>
#include <string>
#include <variant>

#include "html/results.h"

namespace chaossim {

// The metrics, confidence intervals, replications and verdicts of a summary.json text, metrics in the file's
// order. A name given twice keeps its first place and its last value (as a JSON object would). Returns the reason
// when the text is not a JSON object.
std::variant<VariantResults, std::string> parse_summary_json(const std::string& text);

// The reader over the file system, rooted at `dir`. It never follows a symbolic link inside the folder.
std::unique_ptr<ResultsSource> folder_source(const std::filesystem::path& dir);

}  // namespace chaossim
