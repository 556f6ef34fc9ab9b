#pragma once
// The run controls: Run, Pause/Resume, Step one bucket, Stop, Compare, the variant to run and the speed (as fast
// as possible or N× real time), with the run's progress. It only emits requests and shows the controller's state;
// the main window wires it to the RunController, and puts the same actions in the Run menu.

#include <QToolBar>

#include "app/run_controller.h"

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;

class RunToolbar : public QToolBar {
  Q_OBJECT
 public:
  explicit RunToolbar(QWidget* parent = nullptr);

  QAction* runAction() const { return m_run; }
  QAction* pauseAction() const { return m_pause; }
  QAction* stepAction() const { return m_step; }
  QAction* stopAction() const { return m_stop; }
  QAction* compareAction() const { return m_compare; }

  void setVariants(const QStringList& variants);
  QString variant() const;
  void selectVariant(const QString& variant);
  // Simulated seconds per wall-clock second; 0 is as fast as possible.
  double speed() const;
  void setSpeed(double speed);
  // Whether there is a valid scenario to run, and when not, why (Run's tooltip says it).
  void setRunnable(bool runnable, const QString& reason = {});
  void setState(RunController::State state);
  void setProgress(double fraction, double simulatedSeconds);
  // Compact: Pause, Step and Stop as icons, shorter labels. For workshop mode's large fonts, so the whole bar fits
  // a 1280-pixel projector.
  void setCompact(bool compact);
  // The run shown is live against `against` ("checkout at http://127.0.0.1:8080"): a red LIVE marker says so,
  // and while it runs the controls real time has no use for (Pause, Step, speed) are off. The bar is compact
  // meanwhile (Stop keeps its label), so the marker, the progress and the clock fit a 1280-pixel window. Empty:
  // simulated.
  void setLive(const QString& against);
  bool isLive() const { return !m_against.isEmpty(); }
  QLabel* liveMarker() const { return m_liveMarker; }

 signals:
  void runRequested(const QString& variant);
  void pauseRequested();
  void resumeRequested();
  void stepRequested();
  void stopRequested();
  void compareRequested();
  void speedChanged(double speed);

 private:
  void updateActions();
  void applyCompact();

  QAction* m_run;
  QAction* m_pause;
  QAction* m_step;
  QAction* m_stop;
  QAction* m_compare;
  QComboBox* m_variant;
  QComboBox* m_speed;
  QProgressBar* m_progress;
  QLabel* m_clock;
  QLabel* m_variantLabel;
  QLabel* m_liveMarker;
  QAction* m_liveMarkerAction = nullptr;  // shows and hides the marker in the bar
  QString m_against;
  bool m_compact = false;  // asked for (workshop mode); a live run's bar is compact anyway
  RunController::State m_state = RunController::State::Idle;
  bool m_runnable = false;
  QString m_blocker;
};
