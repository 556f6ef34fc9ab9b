#include "app/run_toolbar.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QStyle>
#include <QToolButton>

RunToolbar::RunToolbar(QWidget* parent)
    : QToolBar(tr("Run"), parent), m_run(new QAction(tr("&Run"), this)), m_pause(new QAction(tr("&Pause"), this)),
      m_step(new QAction(tr("S&tep one bucket"), this)), m_stop(new QAction(tr("St&op"), this)),
      m_compare(new QAction(tr("&Compare variants…"), this)), m_variant(new QComboBox(this)),
      m_speed(new QComboBox(this)), m_progress(new QProgressBar(this)), m_clock(new QLabel(this)),
      m_variantLabel(new QLabel(tr(" Variant "), this)), m_liveMarker(new QLabel(this)) {
  setObjectName(QStringLiteral("runToolbar"));
  setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  m_run->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
  m_run->setShortcut(Qt::Key_F5);
  m_pause->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
  m_pause->setShortcut(Qt::Key_F6);
  m_step->setIcon(style()->standardIcon(QStyle::SP_MediaSkipForward));
  m_step->setShortcut(Qt::Key_F10);
  m_step->setToolTip(tr("Simulate one more bucket, then pause (F10)"));
  m_stop->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
  m_stop->setShortcut(Qt::SHIFT | Qt::Key_F5);
  m_compare->setToolTip(tr("Run two to four variants with the same random numbers and overlay them"));

  m_variant->setObjectName(QStringLiteral("variantCombo"));
  m_variant->setToolTip(tr("Variant to run"));
  m_variant->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_speed->setObjectName(QStringLiteral("speedCombo"));
  m_speed->setToolTip(tr("Simulation speed"));
  m_speed->addItem(tr("As fast as possible"), 0.0);
  for (double factor : {1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0})
    m_speed->addItem(tr("%1× real time").arg(factor), factor);
  m_progress->setRange(0, 1000);
  m_progress->setTextVisible(false);
  m_progress->setMaximumWidth(160);
  m_clock->setMinimumWidth(90);

  // The LIVE marker comes first: a narrow window moves the controls at the end into the overflow menu, never it.
  m_liveMarker->setObjectName(QStringLiteral("liveMarker"));
  m_liveMarker->setTextFormat(Qt::PlainText);  // service names and URLs are the user's text
  m_liveMarker->setToolTip(tr("Measured on your services in real time, not simulated"));
  m_liveMarker->setStyleSheet(QStringLiteral(
      "QLabel { color: white; background: #b3261e; font-weight: bold; padding: 2px 8px; border-radius: 4px; }"));
  m_liveMarkerAction = addWidget(m_liveMarker);
  m_liveMarkerAction->setVisible(false);
  addWidget(m_variantLabel);
  addWidget(m_variant);
  addAction(m_run);
  addAction(m_pause);
  addAction(m_step);
  addAction(m_stop);
  addSeparator();
  addWidget(m_speed);
  addSeparator();
  addAction(m_compare);
  addSeparator();
  addWidget(m_progress);
  addWidget(m_clock);

  connect(m_run, &QAction::triggered, this, [this] { emit runRequested(variant()); });
  connect(m_pause, &QAction::triggered, this, [this] {
    if (m_state == RunController::State::Paused) emit resumeRequested();
    else emit pauseRequested();
  });
  connect(m_step, &QAction::triggered, this, &RunToolbar::stepRequested);
  connect(m_stop, &QAction::triggered, this, &RunToolbar::stopRequested);
  connect(m_compare, &QAction::triggered, this, &RunToolbar::compareRequested);
  connect(m_speed, &QComboBox::currentIndexChanged, this, [this] { emit speedChanged(speed()); });
  updateActions();
}

void RunToolbar::setVariants(const QStringList& variants) {
  const QString current = variant();
  m_variant->clear();
  m_variant->addItems(variants);
  selectVariant(current);
  updateActions();
}

QString RunToolbar::variant() const { return m_variant->currentText(); }

void RunToolbar::selectVariant(const QString& variant) {
  const int i = m_variant->findText(variant);
  if (i >= 0) m_variant->setCurrentIndex(i);
}

double RunToolbar::speed() const { return m_speed->currentData().toDouble(); }

void RunToolbar::setSpeed(double speed) {
  const int i = m_speed->findData(speed);
  if (i >= 0) m_speed->setCurrentIndex(i);
}

void RunToolbar::setRunnable(bool runnable, const QString& reason) {
  m_runnable = runnable;
  m_blocker = reason;
  updateActions();
}

void RunToolbar::setState(RunController::State state) {
  m_state = state;
  updateActions();
}

void RunToolbar::setProgress(double fraction, double simulatedSeconds) {
  m_progress->setValue(static_cast<int>(fraction * 1000));
  m_clock->setText(fraction > 0 ? tr(" t = %1 s").arg(simulatedSeconds, 0, 'f', 0) : QString());
}

void RunToolbar::setCompact(bool compact) {
  m_compact = compact;
  applyCompact();
}

void RunToolbar::applyCompact() {
  const bool compact = m_compact || isLive();
  for (QAction* action : {m_pause, m_step, m_stop})
    if (auto* button = qobject_cast<QToolButton*>(widgetForAction(action)))
      button->setToolButtonStyle(compact && !(action == m_stop && isLive()) ? Qt::ToolButtonIconOnly
                                                                            : toolButtonStyle());
  m_variantLabel->setVisible(!compact);
  m_compare->setText(compact ? tr("&Compare…") : tr("&Compare variants…"));
  m_speed->setItemText(0, compact ? tr("Fastest") : tr("As fast as possible"));
  m_progress->setMaximumWidth(compact ? 100 : 160);
}

void RunToolbar::setLive(const QString& against) {
  m_against = against;
  m_liveMarker->setText(tr("● LIVE against %1").arg(against));
  m_liveMarkerAction->setVisible(!against.isEmpty());
  applyCompact();
  updateActions();
}

void RunToolbar::updateActions() {
  using S = RunController::State;
  const bool active = m_state == S::Running || m_state == S::Paused;
  m_run->setEnabled(m_runnable);
  m_run->setToolTip(m_runnable || m_blocker.isEmpty() ? tr("Run the selected variant from the start (F5)")
                                                      : tr("Cannot run: %1").arg(m_blocker));
  const bool live = active && !m_against.isEmpty();  // real time cannot be paused, stepped or sped up
  m_pause->setEnabled(active && !live);
  m_pause->setText(m_state == S::Paused ? tr("&Resume") : tr("&Pause"));
  m_pause->setIcon(style()->standardIcon(m_state == S::Paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
  m_step->setEnabled(!live && (active || (m_runnable && m_state != S::Running)));
  m_speed->setEnabled(!live);
  m_stop->setEnabled(active);
  m_compare->setEnabled(m_runnable && m_variant->count() > 0);
}
