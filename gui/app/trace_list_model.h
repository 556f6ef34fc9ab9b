#pragma once
// The traced operations of a run, one row each, for the Traces tab: which variant, which operation, why it was
// kept, what the user saw and how long it took. Filtered by what happened (duplicated, failed, slow) and by
// variant; "slow" lists every traced operation, the longest wait first. The documents are the writers' own
// (traces/trace_document.h), made from the engine's TraceSet as the files are.

#include <vector>

#include <QAbstractTableModel>

#include "traces/trace_document.h"

class TraceListModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum class Filter { Duplicated, Failed, Slow, All };
  enum Column { VariantColumn, OperationColumn, WhatColumn, LatencyColumn, ColumnCount };

  explicit TraceListModel(QObject* parent = nullptr);

  // One document per variant, in the run's order; the filter is kept.
  void setDocuments(std::vector<chaossim::traces::Document> documents);
  const std::vector<chaossim::traces::Document>& documents() const { return m_docs; }
  // `variant`: an index into documents(), or -1 for every variant.
  void setFilter(Filter filter, int variant = -1);
  Filter filter() const { return m_filter; }
  int variantFilter() const { return m_variant; }
  // Traced operations in all variants, whatever the filter.
  std::size_t operationCount() const;

  // The operation of a row (null when out of range), and its variant's document.
  const chaossim::traces::Operation* operation(int row) const;
  const chaossim::traces::Document* document(int row) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // What happened to an operation in a few words: "charged twice", "failed after 3 attempts", "ok".
  static QString whatHappened(const chaossim::traces::Operation& op);

 private:
  void refilter();

  std::vector<chaossim::traces::Document> m_docs;
  std::vector<std::pair<int, int>> m_rows;  // (document, operation) of each row shown
  Filter m_filter = Filter::Duplicated;
  int m_variant = -1;
};
