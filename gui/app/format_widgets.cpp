#include "app/format_widgets.h"

#include <cmath>

namespace form_widgets {

namespace {
QString qs(std::string_view s) { return QString::fromStdString(std::string(s)); }
}  // namespace

const chaossim::format::Rule& rule(const char* pattern) { return chaossim::format::rule_at(pattern); }

QString tooltipOf(const chaossim::format::Rule& r) { return qs(r.doc); }

QComboBox* choiceCombo(QWidget* parent, const char* pattern) {
  auto* combo = new QComboBox(parent);
  const chaossim::format::Rule& r = rule(pattern);
  for (const chaossim::format::Choice& c : r.choices) combo->addItem(qs(c.label.empty() ? c.name : c.label), qs(c.name));
  combo->setToolTip(tooltipOf(r));
  return combo;
}

std::string choiceOf(const QComboBox* combo) { return combo->currentData().toString().toStdString(); }

QSpinBox* intSpin(QWidget* parent, const char* pattern) {
  const chaossim::format::Rule& r = rule(pattern);
  auto* spin = new QSpinBox(parent);
  spin->setRange(static_cast<int>(r.min), static_cast<int>(r.max));
  spin->setToolTip(tooltipOf(r));
  spin->setKeyboardTracking(false);  // report a value when the user is done typing it, not per digit
  return spin;
}

QDoubleSpinBox* doubleSpin(QWidget* parent, const char* pattern, int decimals, const QString& suffix, double scale) {
  const chaossim::format::Rule& r = rule(pattern);
  auto* spin = new QDoubleSpinBox(parent);
  const double step = std::pow(10.0, -decimals);
  spin->setRange(r.min * scale + (r.exclusive_min ? step : 0.0), r.max * scale);
  spin->setDecimals(decimals);
  spin->setSuffix(suffix);
  spin->setToolTip(tooltipOf(r));
  spin->setKeyboardTracking(false);
  return spin;
}

}  // namespace form_widgets
