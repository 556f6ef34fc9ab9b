#include "app/library_model.h"

LibraryModel::LibraryModel(QObject* parent) : QAbstractListModel(parent) {}

void LibraryModel::setData(const QVector<Lesson>& lessons) {
  beginResetModel();
  m_lessons = lessons;
  endResetModel();
}

int LibraryModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_lessons.size());
}

QVariant LibraryModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Lesson& lesson = m_lessons.at(index.row());
  switch (role) {
    case Qt::DisplayRole: return lesson.title;
    case Qt::ToolTipRole: {
      if (!lesson.problem.isEmpty()) return lesson.problem;
      const QString level = lessonLevelName(lesson.level);
      return level.isEmpty() ? lesson.path : QStringLiteral("%1 — %2").arg(level, lesson.path);
    }
    case PathRole: return lesson.path;
    case NameRole: return lesson.name;
    case TagsRole: return lesson.tags;
    case LevelRole: return lesson.level;
    case DescriptionRole: return lesson.description;
    case ProblemRole: return lesson.problem;
    case SearchTextRole:
      return QStringList{lesson.title, lesson.name, lesson.tags.join(QLatin1Char(' ')), lesson.description}.join(
          QLatin1Char('\n'));
    default: return {};
  }
}

QHash<int, QByteArray> LibraryModel::roleNames() const {
  auto names = QAbstractListModel::roleNames();
  names.insert({{PathRole, "path"},
                {NameRole, "name"},
                {TagsRole, "tags"},
                {LevelRole, "level"},
                {DescriptionRole, "description"},
                {ProblemRole, "problem"},
                {SearchTextRole, "searchText"}});
  return names;
}
