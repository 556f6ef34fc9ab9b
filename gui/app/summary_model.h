#pragma once
// The headline numbers of a run, one column per variant: duplicate charges, amplification, success rate, p99
// latency, recovery time, then each expectation with pass or fail. Values are live while the run goes
// (operations count once finished); expectations are decided at the end. The summary cards draw this model.

#include <QAbstractTableModel>

#include "app/run_session.h"

class SummaryModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Row { Duplicates, Amplification, SuccessRate, P99, Recovery, FixedRows };
  enum class Status { None, Pending, Pass, Fail };
  enum Role {
    StatusRole = Qt::UserRole + 1,  // int(Status)
    LabelRole,                      // what the cell is about ("Duplicate charges", "success_rate >= 0.99")
    DetailRole,                     // a second line ("0.105 per operation", "measured 0.994")
    ValueRole,                      // the number, when there is one
  };

  explicit SummaryModel(QObject* parent = nullptr);

  void setData(const std::vector<VariantRun>& runs);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  struct Cell {
    QString label, text, detail, tooltip;
    QVariant value;
    Status status = Status::None;
  };
  static std::vector<Cell> cellsFor(const VariantRun& run);

  QStringList m_variants;
  std::vector<std::vector<Cell>> m_cells;  // [variant][row]
  int m_rows = FixedRows;
};
