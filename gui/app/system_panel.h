#pragma once
// The System panel: what the scenario being edited is, for a class to look at before and during a run. The
// topology diagram (clients and services as boxes, each edge labelled with its strategies: timeouts, retries,
// keys, breakers) and, per variant, what it changes, as `path: before → after`. The same building blocks as the
// report's "The system" (html/topology_svg.h, html/system_view.h), so both say the same thing. Follows the
// document as it is edited (after a pause in typing), with the --set overrides of the command line applied.

#include <vector>

#include <QTimer>
#include <QWidget>

#include "scenario/loader.h"

class EditableScenario;
class QLabel;
class SvgPicture;

class SystemPanel : public QWidget {
  Q_OBJECT
 public:
  explicit SystemPanel(EditableScenario* doc, QWidget* parent = nullptr);

  void setExtraOverrides(const std::vector<chaossim::Override>& overrides);
  void setWorkshopMode(bool on);
  // Brings the panel up to date now instead of after the pause (tests, screenshots).
  void refresh();

  SvgPicture* diagram() const { return m_diagram; }
  // The text under the diagram: why there is none, then what each variant changes (rich text).
  QString noteText() const;
  QString changesText() const;

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void schedule();

  EditableScenario* m_doc;
  std::vector<chaossim::Override> m_overrides;
  QTimer m_pause;
  bool m_stale = true;  // the document changed since the panel was drawn
  QLabel* m_note;
  SvgPicture* m_diagram;
  QLabel* m_changes;
};
