#include "app/summary_model.h"

#include <algorithm>
#include <cmath>

#include <QLocale>

#include "app/text_format.h"  // plainNumber
#include "metrics/metric_registry.h"  // units of the numbers on the cards
#include "metrics/summary.h"          // op_symbol, phase_name
#include "model/series_columns.h"

namespace {

double metric(const chaossim::MetricSet& m, const std::string& name, double fallback = 0) {
  const double* v = m.find(name);
  return v ? *v : fallback;
}

QString seconds(double s) {
  if (s < 1) return QObject::tr("%1 ms").arg(s * 1000, 0, 'f', s < 0.01 ? 2 : 0);
  return QObject::tr("%1 s").arg(s, 0, 'f', s < 10 ? 2 : 0);
}

chaossim::MetricUnit unitOf(const std::string& name) {
  const chaossim::MetricInfo* info = chaossim::find_metric(name);
  return info ? info->unit : chaossim::MetricUnit::count;
}

// A metric's value with its unit, rounded for a card: "1.23×", "99.52 %", "84 ms", "12".
QString valueText(const std::string& name, double v) {
  using chaossim::MetricUnit;
  switch (unitOf(name)) {
    case MetricUnit::multiplier: return QStringLiteral("%1×").arg(v, 0, 'f', 2);
    case MetricUnit::fraction: return QStringLiteral("%1 %").arg(v * 100, 0, 'f', v > 0.99 ? 2 : 1);
    case MetricUnit::seconds: return seconds(v);
    case MetricUnit::boolean: return v > 0 ? QObject::tr("yes") : QObject::tr("no");
    case MetricUnit::count: break;
  }
  return QString::number(v, 'f', 0);
}

// What the time series says was sent after the warm-up: the figures the charts show, as they happen.
struct Sent {
  double ops = 0, attempts = 0, retries = 0;
};

Sent sentAfterWarmup(const chaossim::Snapshot& snap, double warmupSeconds) {
  namespace series = chaossim::series;
  Sent sent;
  const chaossim::SeriesRows& rows = snap.series;
  if (rows.width() < series::kRunColumns) return sent;
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    if (rows.at(r, series::kTime) < warmupSeconds) continue;
    sent.ops += rows.at(r, series::kOpsStarted);
    sent.attempts += rows.at(r, series::kAttempts);
    sent.retries += rows.at(r, series::kRetries);
  }
  return sent;
}

QString count(double v) { return QLocale().toString(v, 'f', 0); }

// The effect a lesson is about: "charge" when there is one (the classic example), else the first effect.
std::string mainEffect(const chaossim::Scenario& s) {
  if (std::find(s.effects.begin(), s.effects.end(), "charge") != s.effects.end()) return "charge";
  return s.effects.empty() ? std::string() : s.effects.front();
}

}  // namespace

SummaryModel::SummaryModel(QObject* parent) : QAbstractTableModel(parent) {}

SummaryModel::Status SummaryModel::amplificationStatus(double amplification) {
  if (amplification >= kAmplificationBad) return Status::Fail;
  return amplification >= kAmplificationWarn ? Status::Warn : Status::None;
}

std::vector<SummaryModel::Cell> SummaryModel::cellsFor(const VariantRun& run) {
  std::vector<Cell> cells(FixedRows);
  const chaossim::Scenario& s = *run.scenario;
  const chaossim::Snapshot* snap = run.snapshot.get();
  const chaossim::MetricSet empty;
  const chaossim::MetricSet& m = snap ? snap->metrics : empty;
  const double ops = metric(m, "ops");

  const std::string effect = mainEffect(s);
  Cell& dup = cells[Duplicates];
  dup.label = effect.empty() ? tr("Duplicate effects") : tr("Duplicate %1s").arg(QString::fromStdString(effect));
  const std::string dupName = effect.empty() ? "duplicates" : "effects." + effect + ".duplicates";
  const double duplicates = metric(m, dupName);
  dup.value = duplicates;
  dup.text = valueText(dupName, duplicates);
  dup.detail = ops > 0 ? tr("%1 per operation").arg(duplicates / ops, 0, 'g', 3) : QString();
  dup.tooltip = tr("Executions of the effect beyond the first, of operations that finished after the warm-up");
  dup.status = duplicates > 0 ? Status::Fail : Status::None;

  // Live, the attempts and operations sent so far (what the charts show); at the end, the metrics of the run.
  const bool live = snap && !snap->finished;
  const Sent sent = snap ? sentAfterWarmup(*snap, s.warmup.seconds_f()) : Sent{};
  const double finished = ops;
  const double inFlight = live ? std::max(0.0, sent.ops - finished) : 0.0;

  Cell& amp = cells[Amplification];
  amp.label = tr("Amplification");
  const double whole = live ? (sent.ops > 0 ? sent.attempts / sent.ops : 0.0) : metric(m, "amplification");
  const chaossim::MetricSet& duringSet = snap ? snap->during_metrics : empty;
  const double duringOps = metric(duringSet, "ops");
  const double during = metric(duringSet, "amplification");
  amp.value = whole;
  if (duringOps > 0) amp.during = during;
  // A fault still under way (or still to come) changes the during-fault value: until the end it is partial.
  amp.partial = live;
  const bool anyOps = live ? sent.ops > 0 : ops > 0;
  amp.text = anyOps ? valueText("amplification", whole) : QStringLiteral("–");
  const QString sentText = live ? tr("sent so far: %1 attempts, %2 retries").arg(count(sent.attempts), count(sent.retries))
                                : tr("%1 retries").arg(count(metric(m, "retries")));
  amp.detail = sentText;  // the during-fault value is DuringRole, shown beside the value by the cards
  // The cell's status is the worse of the two values: a storm during the faults marks the card.
  amp.status = amplificationStatus(std::max(anyOps ? whole : 0.0, duringOps > 0 ? during : 0.0));
  amp.tooltip = tr("Client attempts per operation: the load the retries add. The whole run's value, then the value "
                   "for operations started during a fault, where a retry storm shows; marked from %1× (warning) and "
                   "%2× (bad).")
                    .arg(kAmplificationWarn)
                    .arg(kAmplificationBad);
  if (live) amp.tooltip += tr(" While the run goes: attempts sent per operation started so far.");

  Cell& ok = cells[SuccessRate];
  ok.label = tr("Success rate");
  ok.value = metric(m, "success_rate");
  ok.text = ops > 0 ? valueText("success_rate", ok.value.toDouble()) : QStringLiteral("–");
  ok.detail = live ? tr("of %1 finished · %2 in flight").arg(count(finished), count(inFlight))
                   : tr("%1 of %2 operations").arg(count(metric(m, "ops_succeeded")), count(ops));
  ok.tooltip = tr("Operations that succeeded, of those finished. Operations count when they finish: while retries are "
                  "under way they are in flight, not yet a success or a failure.");

  Cell& p99 = cells[P99];
  p99.label = tr("p99 latency");
  p99.value = metric(m, "latency.p99");
  p99.text = ops > 0 ? valueText("latency.p99", p99.value.toDouble()) : QStringLiteral("–");
  p99.detail = tr("p50 %1").arg(valueText("latency.p50", metric(m, "latency.p50")));
  p99.tooltip = tr("End to end, successful operations");

  Cell& rec = cells[Recovery];
  rec.label = tr("Recovery");
  const bool faultEnds = std::any_of(s.faults.begin(), s.faults.end(), [&](const chaossim::FaultConfig& f) {
    return f.end < s.duration;
  });
  if (!faultEnds) {
    rec.text = QStringLiteral("–");
    rec.detail = tr("no fault ends before the run does");
  } else if (!snap || !snap->finished) {
    rec.text = tr("…");
    rec.detail = tr("known at the end");
    rec.status = Status::Pending;
  } else if (metric(m, "recovered", 1) > 0) {
    rec.value = metric(m, "recovery_seconds");
    rec.text = valueText("recovery_seconds", rec.value.toDouble());
    rec.detail = tr("after the last fault");
    rec.status = Status::Pass;
  } else {
    rec.text = tr("never");
    rec.detail = tr("goodput stayed below 90 %");
    rec.status = Status::Fail;
  }
  rec.tooltip = tr("Time after the last fault until goodput stays at 90 % of its level before the faults");

  for (const chaossim::Expectation& e : s.expect) {
    Cell c;
    c.label = QStringLiteral("%1 %2 %3").arg(QString::fromStdString(e.metric), QString::fromLatin1(chaossim::op_symbol(e.op)),
                                             QString::fromStdString(e.value_text));
    if (e.phase != chaossim::Expectation::Phase::overall)
      c.label += tr(" (%1)").arg(QString::fromLatin1(chaossim::phase_name(e.phase)));
    c.status = Status::Pending;
    c.text = tr("…");
    cells.push_back(c);
  }
  if (snap && snap->finished && snap->result) {
    const auto& results = snap->result->expectations;
    for (std::size_t i = 0; i < results.size() && FixedRows + i < cells.size(); ++i) {
      Cell& c = cells[FixedRows + i];
      c.status = results[i].passed ? Status::Pass : Status::Fail;
      c.text = results[i].passed ? tr("pass") : tr("FAIL");
      c.value = results[i].measured;
      const std::string_view suffix = chaossim::unit_suffix(unitOf(results[i].expectation.metric));
      const QString unit = QString::fromUtf8(suffix.data(), static_cast<qsizetype>(suffix.size()));
      c.detail = !results[i].found                ? tr("no such metric")
                 : std::isnan(results[i].measured) ? tr("undefined: nothing to measure")
                                                   : tr("measured %1%2").arg(plainNumber(results[i].measured)).arg(unit);
    }
  }
  return cells;
}

void SummaryModel::setData(const std::vector<VariantRun>& runs) {
  QStringList variants;
  std::vector<std::vector<Cell>> cells;
  int rows = FixedRows;
  m_warmup = runs.empty() || !runs.front().scenario ? 0.0 : runs.front().scenario->warmup.seconds_f();
  for (const VariantRun& run : runs) {
    variants << run.variant;
    cells.push_back(cellsFor(run));
    rows = std::max(rows, static_cast<int>(cells.back().size()));
  }
  if (variants == m_variants && rows == m_rows) {
    // The same shape, new numbers: a dataChanged keeps views (and their selection) in place.
    m_cells = std::move(cells);
    if (!m_cells.empty()) emit dataChanged(index(0, 0), index(m_rows - 1, columnCount() - 1));
    return;
  }
  beginResetModel();
  m_variants = variants;
  m_cells = std::move(cells);
  m_rows = rows;
  endResetModel();
}

int SummaryModel::rowCount(const QModelIndex& parent) const { return parent.isValid() || m_cells.empty() ? 0 : m_rows; }

int SummaryModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_variants.size());
}

QVariant SummaryModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const auto& column = m_cells[static_cast<std::size_t>(index.column())];
  if (static_cast<std::size_t>(index.row()) >= column.size()) return {};  // this variant has fewer expectations
  const Cell& c = column[static_cast<std::size_t>(index.row())];
  switch (role) {
    case Qt::DisplayRole: return c.text;
    case Qt::ToolTipRole: return c.tooltip.isEmpty() ? QVariant() : QVariant(c.tooltip);
    case StatusRole: return static_cast<int>(c.status);
    case LabelRole: return c.label;
    case DetailRole: return c.detail;
    case ValueRole: return c.value;
    case DuringRole: return c.during;
    case PartialRole: return c.partial;
    default: return {};
  }
}

QVariant SummaryModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || section < 0) return {};
  if (orientation == Qt::Horizontal) return section < m_variants.size() ? QVariant(m_variants.at(section)) : QVariant();
  if (section >= m_rows) return {};
  static const char* const names[] = {QT_TR_NOOP("Duplicates"), QT_TR_NOOP("Amplification"), QT_TR_NOOP("Success rate"),
                                      QT_TR_NOOP("p99 latency"), QT_TR_NOOP("Recovery")};
  return section < FixedRows ? tr(names[section]) : tr("Expectation %1").arg(section - FixedRows + 1);
}
