#pragma once
// The fault timeline of the scenario as an editable table: one row per fault (id, type, target, start, duration,
// probability). The model does not change the document itself: an edit is typed by the loader
// (parse_override_value) and handed out as an override on "faults[i].<field>", the document applies it (undoably),
// and the new fault list comes back through setData().

#include <QAbstractTableModel>

#include <nlohmann/json.hpp>  // the "faults" array of the document

#include "scenario/loader.h"

class FaultTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Id, Type, Target, Start, Duration, Probability, ColumnCount };

  explicit FaultTableModel(QObject* parent = nullptr);

  // The "faults" array as written in the document (null when the scenario has none).
  void setData(const nlohmann::json& faults);
  // The dotted path of a cell: "faults[2].start".
  static std::string pathOf(int row, int column);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;

 signals:
  void edited(const chaossim::Override& change, const QString& label);
  void editFailed(const QString& reason);

 private:
  nlohmann::json m_faults = nlohmann::json::array();
};
