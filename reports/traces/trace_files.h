#pragma once
// The trace files of a variant's results folder: trace.perfetto.json (Perfetto UI, chrome://tracing) and
// trace.otlp.json (Jaeger, Grafana Tempo), each written with write_file_atomic. docs/traces.md says how to open
// them. The report reads trace.otlp.json back (read_trace_file).

#include <filesystem>
#include <optional>
#include <string>
#include <variant>

#include "traces/trace_document.h"

namespace chaossim::traces {

inline constexpr const char* kPerfettoFile = "trace.perfetto.json";
inline constexpr const char* kOtlpFile = "trace.otlp.json";
// A trace file larger than this is not read back (the report would not draw it anyway): 5 reasons x 1000
// operations of a few kilobytes each fit well within it.
inline constexpr std::uintmax_t kMaxTraceFileBytes = 256ull << 20;

// Writes both files into `variant_dir` (which must exist). Throws OutputError.
void write_trace_files(const std::filesystem::path& variant_dir, const Document& doc);

// The traces of `variant_dir`: nothing when it has no trace file, else the document or what is wrong with the file.
std::optional<std::variant<Document, std::string>> read_trace_file(const std::filesystem::path& variant_dir);

}  // namespace chaossim::traces
