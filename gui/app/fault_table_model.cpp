#include "app/fault_table_model.h"

namespace {

constexpr const char* kFields[] = {"id", "type", "target", "start", "duration", "probability"};

// A value as the user typed it into the file: strings bare, anything else as compact JSON.
QString shown(const nlohmann::json& v) {
  return v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString::fromStdString(v.dump());
}

}  // namespace

FaultTableModel::FaultTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void FaultTableModel::setData(const nlohmann::json& faults) {
  beginResetModel();
  m_faults = faults.is_array() ? faults : nlohmann::json::array();
  endResetModel();
}

std::string FaultTableModel::pathOf(int row, int column) {
  return "faults[" + std::to_string(row) + "]." + kFields[column];
}

int FaultTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_faults.size());
}

int FaultTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant FaultTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole) return {};
  const nlohmann::json& fault = m_faults[static_cast<std::size_t>(index.row())];
  const char* field = kFields[index.column()];
  if (fault.is_object() && fault.contains(field)) return shown(fault[field]);
  if (role == Qt::EditRole) return QString();
  // The format's defaults, so an empty cell never hides what the engine will do.
  switch (index.column()) {
    case Start: return QStringLiteral("0s");
    case Duration: return tr("to the end");
    case Probability: return QStringLiteral("1");
    default: return QString();
  }
}

bool FaultTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid)) return false;
  const std::string path = pathOf(index.row(), index.column());
  const std::string text = value.toString().trimmed().toStdString();
  if (text.empty() && index.column() > Target) {
    // Clearing an optional cell returns it to the format's default.
    emit edited({path, nullptr}, tr("Reset %1").arg(QString::fromStdString(path)));
    return true;
  }
  auto typed = chaossim::parse_override_value(path, text);
  if (auto* why = std::get_if<std::string>(&typed)) {
    emit editFailed(QString::fromStdString(*why));
    return false;
  }
  emit edited({path, std::get<nlohmann::json>(typed)}, tr("Set %1").arg(QString::fromStdString(path)));
  return true;
}

QVariant FaultTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
  static const char* const titles[] = {QT_TR_NOOP("Id"),    QT_TR_NOOP("Type"),     QT_TR_NOOP("Target"),
                                       QT_TR_NOOP("Start"), QT_TR_NOOP("Duration"), QT_TR_NOOP("Probability")};
  return tr(titles[section]);
}

Qt::ItemFlags FaultTableModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) return Qt::NoItemFlags;
  return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}
