#pragma once
// The bundled lessons as a Qt list model: one row per lesson, title as display text, the rest in roles. Takes a
// whole new list with setData(), as hotspot's models take a whole snapshot.

#include <QAbstractListModel>

#include "app/lesson_catalog.h"

class LibraryModel : public QAbstractListModel {
  Q_OBJECT
 public:
  enum Role {
    PathRole = Qt::UserRole + 1,
    NameRole,
    TagsRole,         // QStringList
    DescriptionRole,  // Markdown
    ProblemRole,      // empty when the lesson is valid
    SearchTextRole,   // everything the filter matches against
    LevelRole,        // int: 0 beginner … 3 none, the first sort key
  };

  explicit LibraryModel(QObject* parent = nullptr);

  void setData(const QVector<Lesson>& lessons);
  const QVector<Lesson>& lessons() const { return m_lessons; }

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QHash<int, QByteArray> roleNames() const override;

 private:
  QVector<Lesson> m_lessons;
};
