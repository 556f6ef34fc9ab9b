#pragma once
// A bar over the dashboard while runs apply overrides the editor does not show: the command line's --set values.
// They change every run but not the document, so without the bar the form would show one timeout while the run
// used another. Clear drops them, and the next run uses the scenario as written.

#include <vector>

#include <QFrame>

#include "scenario/loader.h"  // chaossim::Override

class QLabel;

class OverridesBar : public QFrame {
  Q_OBJECT
 public:
  explicit OverridesBar(QWidget* parent = nullptr);

  // Shows these overrides, or hides the bar when there are none.
  void setOverrides(const std::vector<chaossim::Override>& overrides);
  QString text() const;

  // "duration=90s", "edges.clients->api.retry.max_attempts=2": as they would be written after --set.
  static QString describe(const chaossim::Override& override);

 signals:
  void clearRequested();

 private:
  QLabel* m_label;
};
