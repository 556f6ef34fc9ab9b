#include "traces/trace_files.h"

#include <fstream>
#include <sstream>

#include "output_file.h"  // write_file_atomic
#include "traces/otlp_json.h"
#include "traces/perfetto_json.h"

namespace chaossim::traces {

namespace fs = std::filesystem;

void write_trace_files(const fs::path& variant_dir, const Document& doc) {
  write_file_atomic(variant_dir / kPerfettoFile, perfetto_json(doc));
  write_file_atomic(variant_dir / kOtlpFile, otlp_json(doc));
}

std::optional<std::variant<Document, std::string>> read_trace_file(const fs::path& variant_dir) {
  const fs::path path = variant_dir / kOtlpFile;
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(path, ec);
  if (ec || !fs::exists(st)) return std::nullopt;
  if (!fs::is_regular_file(st)) return std::variant<Document, std::string>(path.string() + ": not a regular file");
  if (fs::file_size(path, ec) > kMaxTraceFileBytes || ec)
    return std::variant<Document, std::string>(path.string() + ": larger than a trace file can be");
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) return std::variant<Document, std::string>(path.string() + ": cannot be read");
  auto parsed = parse_otlp_json(text.str());
  if (auto* error = std::get_if<std::string>(&parsed))
    return std::variant<Document, std::string>(path.string() + ": " + *error);
  return parsed;
}

}  // namespace chaossim::traces
