#pragma once
// The lesson library: a filterable list of the bundled scenarios and, for the selected one, its title, tags and
// lesson text. Lesson files are shared in workshops, so their text is untrusted: titles and tags are shown as
// plain text and the Markdown description is rendered with raw HTML, remote resources and link following off.

#include <QWidget>

class LibraryModel;
class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QTextBrowser;

class LibraryPanel : public QWidget {
  Q_OBJECT
 public:
  explicit LibraryPanel(QWidget* parent = nullptr);

  LibraryModel* model() const { return m_model; }
  // Rescans the lessons folder.
  void reload();
  // Selects the lesson with this path, if listed.
  void selectPath(const QString& path);
  // What the description shows, and how far it is scrolled (0 is the top): for tests.
  QString descriptionText() const;
  int descriptionScroll() const;

 signals:
  void lessonActivated(const QString& path);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void showCurrent();
  void applyFonts();

  LibraryModel* m_model;
  QSortFilterProxyModel* m_filter;
  QLineEdit* m_search;
  QListView* m_list;
  QLabel* m_title;
  QLabel* m_tags;
  QLabel* m_problem;
  QTextBrowser* m_description;
};
