#pragma once
// The Traces tab: the operations a run traced, listed (filter: duplicated, failed, slow; one variant or all) and
// the selected one drawn as a sequence diagram (SequenceView) with the sentence that tells it (trace_story).
// Traces come with each variant's final result, so the list fills when the run ends. Recording them is the
// "Record traces" action's choice (on once this tab has been opened; the scenario's own trace block records
// anyway): a run without them costs nothing, one with them about 5% more.

#include <QWidget>

#include "traces/trace_document.h"

class QAction;
class QComboBox;
class QLabel;
class QScrollArea;
class QSplitter;
class QTableView;
class RunSession;
class SequenceView;
class TraceListModel;

class TracesView : public QWidget {
  Q_OBJECT
 public:
  explicit TracesView(QWidget* parent = nullptr);

  // Reads the traces of a finished session (nothing before the end); called on every session update.
  void setData(const RunSession& session);
  void clear();
  void setWorkshopMode(bool on);

  // Checkable: whether the next runs record traces.
  QAction* recordAction() const { return m_record; }
  TraceListModel* model() const { return m_model; }
  QTableView* list() const { return m_list; }
  SequenceView* sequence() const { return m_sequence; }
  QComboBox* filterBox() const { return m_filter; }
  QComboBox* variantBox() const { return m_variant; }
  QComboBox* operationBox() const { return m_operation; }
  // The sentence under the diagram, and the line over the list that says why it is empty (plain text).
  QString storyText() const;
  QString noteText() const;
  // Selects the row-th operation of the list (tests, screenshots).
  void selectRow(int row);

 protected:
  void changeEvent(QEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void applyFilter();
  void showSelected();
  void updateNote();

  TraceListModel* m_model;
  QAction* m_record;
  QComboBox* m_filter;
  QComboBox* m_variant;
  QComboBox* m_operation;  // workshop mode: chooses the operation in place of the list
  QLabel* m_note;
  QTableView* m_list;
  QLabel* m_title;
  QScrollArea* m_scroll;
  SequenceView* m_sequence;
  QLabel* m_story;
  QLabel* m_legend;
  QSplitter* m_split = nullptr;
  bool m_workshop = false;
  bool m_loaded = false;     // the documents of the finished session are in the model
  bool m_running = false;    // a session is under way (traces come at its end)
  bool m_untraced = false;   // the finished session recorded no traces
};
