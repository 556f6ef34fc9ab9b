#pragma once
// Traces as OpenTelemetry OTLP/JSON (the body of an OTLP/HTTP export request, opentelemetry-proto's
// ExportTraceServiceRequest in its JSON mapping): one resource per place (`clients`, then each service, as
// `service.name`), spans with 32-hex-digit trace ids and 16-hex-digit span ids, parent span ids, times in Unix
// nanoseconds as decimal strings, attributes, and the marks as span events. Jaeger and Grafana Tempo import it.
//
// Simulated time 0 is written as 2026-01-01T00:00:00Z (kEpochUnixNs), so that tools that refuse 1970 accept it.
// Every operation is one trace; ids are derived from the seed, the variant and the operation's serial number, so
// the same run writes the same file byte for byte. parse_otlp_json reads what otlp_json writes back into the same
// Document (the report draws from it).

#include <string>
#include <variant>

#include "traces/trace_document.h"

namespace chaossim::traces {

inline constexpr std::int64_t kEpochUnixNs = 1'767'225'600'000'000'000;  // 2026-01-01T00:00:00Z

std::string otlp_json(const Document& doc);

// The document, or what is wrong with the text (one sentence naming the JSON path).
std::variant<Document, std::string> parse_otlp_json(const std::string& text);

// The ids of operation `serial`'s trace and of its span `index` (lower-case hex).
std::string trace_id(const Document& doc, std::uint64_t serial);
std::string span_id(std::uint64_t serial, std::uint32_t index);

}  // namespace chaossim::traces
