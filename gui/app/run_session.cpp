#include "app/run_session.h"

#include "html/report_limits.h"
#include "html/system_words.h"

#include <algorithm>

namespace {
// At most 20 updates a second reach the views, however fast snapshots come: a person cannot follow more, and each
// update costs the UI thread a redraw of every chart.
constexpr int kFrameMs = 50;
}

RunSession::RunSession(QObject* parent) : QObject(parent), m_notify(this) {
  m_notify.setSingleShot(true);
  m_notify.setInterval(kFrameMs);
  connect(&m_notify, &QTimer::timeout, this, &RunSession::updated);
}

void RunSession::begin(const std::vector<RunSpec>& specs) {
  m_notify.stop();
  m_runs.clear();
  for (const RunSpec& s : specs) m_runs.push_back({QString::fromStdString(s.variant), s.scenario, nullptr});
  emit begun();
}

void RunSession::clear() { begin({}); }

void RunSession::setData(const SnapshotPtr& snapshot) {
  if (!snapshot) return;
  const QString variant = QString::fromStdString(snapshot->variant);
  for (VariantRun& run : m_runs) {
    if (run.variant != variant) continue;
    run.snapshot = snapshot;
    if (finished()) flush();
    else if (!m_notify.isActive()) m_notify.start();
    return;
  }
}

void RunSession::flush() {
  m_notify.stop();
  emit updated();
}

bool RunSession::hasData() const {
  return std::any_of(m_runs.begin(), m_runs.end(), [](const VariantRun& r) { return r.snapshot != nullptr; });
}

bool RunSession::finished() const {
  return !m_runs.empty() &&
         std::all_of(m_runs.begin(), m_runs.end(), [](const VariantRun& r) { return r.snapshot && r.snapshot->finished; });
}

double RunSession::progress() const {
  double done = 0, total = 0;
  for (const VariantRun& r : m_runs) {
    if (!r.snapshot) continue;
    done += static_cast<double>(r.snapshot->buckets_done);
    total += static_cast<double>(r.snapshot->total_buckets);
  }
  return total > 0 ? done / total : 0.0;
}

double RunSession::simulatedSeconds() const {
  double s = 0;
  for (const VariantRun& r : m_runs)
    if (r.snapshot) s = std::max(s, r.snapshot->simulated_seconds);
  return s;
}

std::vector<chaossim::ChartData> RunSession::chartData() const {
  std::vector<chaossim::ChartData> out;
  for (const VariantRun& r : m_runs)
    if (r.snapshot) out.push_back(chaossim::chart_data_from_snapshot(*r.snapshot, r.scenario->bucket.seconds_f()));
  return out;
}

chaossim::FaultBands RunSession::faultBands() const {
  // Variants may move or change faults: the union of every variant's bands, each once.
  std::vector<chaossim::FaultBands> perVariant;
  for (const VariantRun& r : m_runs)
    if (r.scenario) perVariant.push_back(chaossim::fault_bands(*r.scenario));
  std::vector<const chaossim::FaultBands*> pointers;
  for (const chaossim::FaultBands& b : perVariant) pointers.push_back(&b);
  return chaossim::union_of_bands(pointers, chaossim::report_limits::kMaxFaultWindows);
}

std::vector<std::string> RunSession::columns() const {
  // A variant may add a service or an effect: the charts cover the columns of all of them, in first-seen order.
  std::vector<std::string> all;
  for (const VariantRun& r : m_runs)
    if (r.snapshot)
      for (const std::string& c : r.snapshot->columns)
        if (std::find(all.begin(), all.end(), c) == all.end()) all.push_back(c);
  return all;
}
