#pragma once
// The headline numbers of the run (SummaryModel). One variant: a row of cards, one per number, large, and a card
// with every expectation's verdict. Several variants (a compare): one compact table, a row per variant in its
// chart colour, so four variants take five lines rather than most of the window. In workshop mode a single
// variant is that table too: at a projector's 1280×720 and 1.6× text, six cards would take most of the height.
// Under both, a line that says the numbers leave the warm-up out while the charts show it.

#include <QWidget>

class QAbstractItemModel;
class QFrame;
class QLabel;

class SummaryCards : public QWidget {
  Q_OBJECT
 public:
  explicit SummaryCards(QWidget* parent = nullptr);
  void setModel(QAbstractItemModel* model);
  // The text of each card (in a compare: of the table), then the caption, for tests and accessibility.
  QStringList cardTexts() const;
  bool compact() const;
  // Workshop mode: the compact table even for one variant.
  void setWorkshopMode(bool on);

 private:
  void refresh();
  void refreshCards(int columns, int rows);
  void refreshTable(int columns, int rows);

  QAbstractItemModel* m_model = nullptr;
  bool m_workshop = false;
  QWidget* m_cardRow;
  QLabel* m_table;  // the compact form, for several variants
  QLabel* m_caption;
  QList<QFrame*> m_cards;
  QList<QLabel*> m_titles;
  QList<QLabel*> m_bodies;
};
