#pragma once
// A row of cards with the headline numbers of the run (SummaryModel): one card per number, one line per variant
// in the variant's chart colour, and a card with every expectation's verdict.

#include <QWidget>

class QAbstractItemModel;
class QFrame;
class QLabel;

class SummaryCards : public QWidget {
  Q_OBJECT
 public:
  explicit SummaryCards(QWidget* parent = nullptr);
  void setModel(QAbstractItemModel* model);
  // The text of each card, for tests and accessibility.
  QStringList cardTexts() const;

 private:
  void refresh();

  QAbstractItemModel* m_model = nullptr;
  QList<QFrame*> m_cards;
  QList<QLabel*> m_titles;
  QList<QLabel*> m_bodies;
};
