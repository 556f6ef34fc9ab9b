#include "app/trace_list_model.h"

#include <algorithm>
#include <map>

#include "traces/sequence_layout.h"  // readable_duration

namespace {

using chaossim::traces::Document;
using chaossim::traces::Operation;

QString times(std::uint32_t n) {
  return n == 1 ? QObject::tr("once") : n == 2 ? QObject::tr("twice") : QObject::tr("%1 times").arg(n);
}

bool shown(const Operation& op, TraceListModel::Filter filter) {
  switch (filter) {
    case TraceListModel::Filter::Duplicated: return op.duplicates > 0;
    case TraceListModel::Filter::Failed: return op.outcome == chaossim::TraceOutcome::failed;
    case TraceListModel::Filter::Slow:
    case TraceListModel::Filter::All: return true;
  }
  return true;
}

}  // namespace

TraceListModel::TraceListModel(QObject* parent) : QAbstractTableModel(parent) {}

void TraceListModel::setDocuments(std::vector<Document> documents) {
  beginResetModel();
  m_docs = std::move(documents);
  if (m_variant >= static_cast<int>(m_docs.size())) m_variant = -1;
  refilter();
  endResetModel();
}

void TraceListModel::setFilter(Filter filter, int variant) {
  beginResetModel();
  m_filter = filter;
  m_variant = variant >= 0 && variant < static_cast<int>(m_docs.size()) ? variant : -1;
  refilter();
  endResetModel();
}

std::size_t TraceListModel::operationCount() const {
  std::size_t n = 0;
  for (const Document& d : m_docs) n += d.operations.size();
  return n;
}

void TraceListModel::refilter() {
  m_rows.clear();
  for (int d = 0; d < static_cast<int>(m_docs.size()); ++d) {
    if (m_variant >= 0 && d != m_variant) continue;
    const auto& ops = m_docs[static_cast<std::size_t>(d)].operations;
    for (int o = 0; o < static_cast<int>(ops.size()); ++o)
      if (shown(ops[static_cast<std::size_t>(o)], m_filter)) m_rows.emplace_back(d, o);
  }
  // In the order they started, variant by variant; slow ones the longest first (ties in that order).
  if (m_filter == Filter::Slow)
    std::stable_sort(m_rows.begin(), m_rows.end(), [this](const auto& a, const auto& b) {
      return m_docs[a.first].operations[a.second].latency_ns() > m_docs[b.first].operations[b.second].latency_ns();
    });
}

const Operation* TraceListModel::operation(int row) const {
  if (row < 0 || row >= static_cast<int>(m_rows.size())) return nullptr;
  const auto [d, o] = m_rows[static_cast<std::size_t>(row)];
  return &m_docs[static_cast<std::size_t>(d)].operations[static_cast<std::size_t>(o)];
}

const Document* TraceListModel::document(int row) const {
  if (row < 0 || row >= static_cast<int>(m_rows.size())) return nullptr;
  return &m_docs[static_cast<std::size_t>(m_rows[static_cast<std::size_t>(row)].first)];
}

int TraceListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TraceListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString TraceListModel::whatHappened(const Operation& op) {
  // Executions per effect, in the order they first ran: "charge ran twice".
  std::vector<std::pair<std::string, std::uint32_t>> runs;
  for (const auto& m : op.marks) {
    if (m.kind != chaossim::MarkKind::effect) continue;
    auto it = std::find_if(runs.begin(), runs.end(), [&](const auto& r) { return r.first == m.what; });
    if (it == runs.end()) runs.emplace_back(m.what, 1);
    else ++it->second;
  }
  QStringList parts;
  for (const auto& [effect, n] : runs)
    if (n > 1) parts << tr("%1 ran %2").arg(QString::fromStdString(effect), times(n));
  switch (op.outcome) {
    case chaossim::TraceOutcome::failed:
      // Inconsistent: the user saw a failure although an effect ran ("charge ran twice, yet failed").
      if (runs.empty()) parts << tr("failed");
      else if (parts.isEmpty()) parts << tr("failed, yet %1 ran").arg(QString::fromStdString(runs.front().first));
      else parts << tr("yet failed");
      break;
    case chaossim::TraceOutcome::degraded: parts << tr("degraded answer"); break;
    case chaossim::TraceOutcome::unfinished: parts << tr("unfinished"); break;
    case chaossim::TraceOutcome::ok:
      if (parts.isEmpty()) parts << tr("ok");
      break;
  }
  return parts.join(QStringLiteral(", "));
}

QVariant TraceListModel::data(const QModelIndex& index, int role) const {
  const Operation* op = operation(index.row());
  if (!op || index.column() < 0 || index.column() >= ColumnCount) return {};
  const Document& doc = *document(index.row());
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case VariantColumn: return QString::fromStdString(doc.variant);
      case OperationColumn: return tr("#%1 · client %2").arg(op->serial).arg(op->client);
      case WhatColumn: return whatHappened(*op);
      case LatencyColumn: return QString::fromStdString(chaossim::traces::readable_duration(op->latency_ns()));
    }
  }
  if (role == Qt::ToolTipRole) {
    QStringList why;
    for (const std::string& r : chaossim::traces::reason_names(op->reasons)) why << QString::fromStdString(r);
    return tr("Operation %1 of %2 (client %3), traced because: %4")
        .arg(op->serial)
        .arg(QString::fromStdString(doc.variant))
        .arg(op->client)
        .arg(why.join(QStringLiteral(", ")));
  }
  if (role == Qt::TextAlignmentRole && index.column() == LatencyColumn)
    return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
  return {};
}

QVariant TraceListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case VariantColumn: return tr("Variant");
    case OperationColumn: return tr("Operation");
    case WhatColumn: return tr("What happened");
    case LatencyColumn: return tr("Took");
  }
  return {};
}
