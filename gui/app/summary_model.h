#pragma once
// The headline numbers of a run, one column per variant: duplicate charges, amplification, success rate, p99
// latency, recovery time, then each expectation with pass or fail. Expectations are decided at the end.
//
// While the run goes, the numbers must agree with the charts, which show what is sent as it is sent: operations
// are counted when they finish, so in a freeze the finished ones are the old successes (100 %, 1.00×) while the
// chart shows a storm of retries. So live cards count attempts and retries as sent (from the time series, after
// the warm-up, as the metrics are), show the operations still in flight, and give the amplification of the
// operations started during the faults beside the whole run's: a storm is a during-fault figure that a whole-run
// average hides (thundering-herd: 1.07× over the run, 2.4× during the freeze).

#include <QAbstractTableModel>

#include "app/run_session.h"

class SummaryModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Row { Duplicates, Amplification, SuccessRate, P99, Recovery, FixedRows };
  enum class Status { None, Pending, Pass, Fail, Warn };
  enum Role {
    StatusRole = Qt::UserRole + 1,  // int(Status)
    LabelRole,                      // what the cell is about ("Duplicate charges", "success_rate >= 0.99")
    DetailRole,                     // a second line ("0.105 per operation", "measured 0.994")
    ValueRole,                      // the number, when there is one
    DuringRole,                     // amplification: the value for operations started during faults
    PartialRole,                    // bool: the run is still going, so the value covers only what has happened yet
  };
  // Amplification from which a card is marked: a warning, and bad (every operation sent twice on average).
  static constexpr double kAmplificationWarn = 1.5;
  static constexpr double kAmplificationBad = 2.0;
  static Status amplificationStatus(double amplification);

  explicit SummaryModel(QObject* parent = nullptr);

  void setData(const std::vector<VariantRun>& runs);
  // The warm-up the numbers leave out (the charts include it), in seconds of the first run; 0 when none.
  double warmupSeconds() const { return m_warmup; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  struct Cell {
    QString label, text, detail, tooltip;
    QVariant value, during;
    Status status = Status::None;
    bool partial = false;
  };
  static std::vector<Cell> cellsFor(const VariantRun& run);

  QStringList m_variants;
  std::vector<std::vector<Cell>> m_cells;  // [variant][row]
  int m_rows = FixedRows;
  double m_warmup = 0;
};
