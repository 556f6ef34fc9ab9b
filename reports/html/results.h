#pragma once
// A results folder read back for a report: manifest.json and scenario.json (written by `run`), each variant's
// summary.json and timeseries.csv, and sweep.csv when the folder holds a sweep. Everything read is untrusted input
// (a folder can come from anywhere): sizes are bounded and nothing here is interpreted as markup.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "charts/chart_spec.h"
#include "map/map_grid.h"

namespace chaossim {

struct Verdict {
  std::string metric, op, phase;
  double value = 0, measured = 0;
  bool passed = false;
  std::string error;  // "no such metric ..." when the metric does not exist
  std::string role;   // "checks", or "demonstrates": the failure a lesson shows (kept apart from health)
  bool demonstrates() const { return role == "demonstrates"; }
};

// One variant (or sweep point) folder.
struct VariantResults {
  std::string name;  // the folder name: the variant, or "point-001"
  std::size_t replications = 1;
  std::vector<std::pair<std::string, double>> metrics;  // in the order of summary.json
  std::vector<std::pair<std::string, double>> ci95;
  // The metrics of phase `during` (the faults) that the decision summary shows: amplification
  std::map<std::string, double, std::less<>> during;
  std::vector<Verdict> verdicts;
  ChartData series;         // empty columns when timeseries.csv is missing or unusable
  std::string series_note;  // why `series` is empty although timeseries.csv exists ("it is 300 MB, over ...")
  FaultBands fault_bands;

  // Linear lookups, for a few names; a renderer going through every metric builds an index (MetricIndex).
  const double* metric(const std::string& metric_name) const;
  const double* ci(const std::string& metric_name) const;
  bool passed() const;
};

// sweep.csv: one column per swept path, then `folder`, then metric columns (and `passed`).
struct SweepTable {
  std::vector<std::string> axes;     // swept paths, in order
  std::vector<std::string> metrics;  // metric column names
  struct Point {
    std::vector<std::string> values;  // one per axis, as written
    std::string folder;
    std::vector<double> metrics;  // one per metric column
  };
  std::vector<Point> points;
};

struct Results {
  std::filesystem::path dir;
  std::string scenario, title, description, version;
  std::vector<std::string> tags;
  std::uint64_t seed = 0;
  std::size_t replications = 1;
  double bucket_seconds = 0;  // 0 when unknown (then taken from t_start_s and t_end_s)
  double duration_seconds = 0, warmup_seconds = 0;
  std::vector<std::pair<std::string, std::string>> overrides;  // --set: path, value as JSON text
  struct Fault {
    std::string id, type, target, start, duration;
    std::string parameters;  // the fault's other keys, as people read them: "probability 5 %, factor 10"
  };
  std::vector<Fault> faults;             // from scenario.json, as written
  std::string scenario_text;             // scenario.json as written; "" when missing or over the size limit
  std::vector<VariantResults> variants;  // in run order
  std::optional<SweepTable> sweep;
  std::optional<MapGrid> map;  // map.json, when the folder holds a metastability map (chaossim map)
  // Set when the folder holds a live run (chaossim live): measured on real services in real time.
  struct Live {
    struct Service {
      std::string name, url, command;  // command: how chaossim started it (--exec); empty for --service
    };
    std::vector<Service> services;  // at most kMaxLiveServices
    double real_seconds = 0;
    bool interrupted = false;
  };
  std::optional<Live> live;

  bool passed() const;
  std::size_t expectation_count() const;
  std::size_t failed_count() const;
};

// Limits on what a results folder may make the reader read: far beyond real results (documented in
// docs/results-and-reports.md), small enough that a tampered folder fails fast instead of exhausting memory.
namespace results_limits {
inline constexpr std::uintmax_t kMaxSummaryBytes = 16ull << 20;       // summary.json, manifest.json, scenario.json
inline constexpr std::uintmax_t kMaxSummariesBytes = 256ull << 20;    // all summary.json files together
inline constexpr std::uintmax_t kMaxTimeseriesBytes = 256ull << 20;   // one timeseries.csv
inline constexpr std::uintmax_t kMaxAllTimeseriesBytes = 1ull << 30;  // all timeseries.csv files together
inline constexpr std::uintmax_t kMaxSweepBytes = 64ull << 20;         // sweep.csv
inline constexpr std::size_t kMaxFolders = 10'000;                    // variants or sweep points
inline constexpr std::size_t kMaxLiveServices = 100;                  // services a live run names
inline constexpr std::size_t kMaxLiveTextBytes = 1'000;               // a live service's name, URL or command
}  // namespace results_limits

// A file of a results folder as the reader got it.
struct FileText {
  enum class Status { ok, missing, too_large, unreadable };
  Status status = Status::missing;
  std::string text;          // when ok
  std::uintmax_t bytes = 0;  // the file's size when too_large
};

// Where the reader gets a results folder's files from: the file system (read_results(dir)), or, for tests and the
// fuzzer, texts in memory. Paths are relative to the folder, with '/' ("baseline/summary.json").
class ResultsSource {
 public:
  virtual ~ResultsSource() = default;
  virtual FileText read(const std::string& relative, std::uintmax_t max_bytes) const = 0;
  virtual bool exists(const std::string& relative) const = 0;
  // The sub-folders holding a summary.json, at most `max` of them, in any order.
  virtual std::vector<std::string> folders_with_summary(std::size_t max) const = 0;
  // How messages name a file: its path.
  virtual std::string where(const std::string& relative) const = 0;
};

// A results folder held in memory: relative path -> bytes.
class InMemoryResults : public ResultsSource {
 public:
  explicit InMemoryResults(std::map<std::string, std::string> files, std::filesystem::path dir = "results")
      : m_files(std::move(files)), m_dir(std::move(dir)) {}
  FileText read(const std::string& relative, std::uintmax_t max_bytes) const override;
  bool exists(const std::string& relative) const override;
  std::vector<std::string> folders_with_summary(std::size_t max) const override;
  std::string where(const std::string& relative) const override;
  const std::filesystem::path& dir() const { return m_dir; }

 private:
  std::map<std::string, std::string> m_files;
  std::filesystem::path m_dir;
};

// Reads a results folder. On failure returns the reason ("no summary.json in ...", "manifest.json names the
// variant \"x\" twice").
std::variant<Results, std::string> read_results(const std::filesystem::path& dir);
std::variant<Results, std::string> read_results(const ResultsSource& source, const std::filesystem::path& dir);

// Parses timeseries.csv text (a header row of column names, then numeric rows).
std::optional<ChartData> parse_timeseries_csv(const std::string& text, std::string variant);
// Parses sweep.csv text.
std::optional<SweepTable> parse_sweep_csv(const std::string& text);

}  // namespace chaossim
