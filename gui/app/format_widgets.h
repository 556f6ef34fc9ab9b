#pragma once
// Widgets made from the format's table (scenario/format.h): ranges, choices and tooltips come from the rule of a
// path pattern ("edges.*.retry.max_attempts"), so the form cannot disagree with the loader: a value the file may
// hold, the form can show.

#include <string>

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>

#include "scenario/format.h"

namespace form_widgets {

const chaossim::format::Rule& rule(const char* pattern);
QString tooltipOf(const chaossim::format::Rule& r);

// A combo box of the choices of `pattern`: the visible text (the choice's label, else its name) and, as item data,
// the value written to the file.
QComboBox* choiceCombo(QWidget* parent, const char* pattern);
std::string choiceOf(const QComboBox* combo);

// Shows the choice of `pattern` that stands for `value` (an enum or bool of the resolved scenario).
template <class E>
void selectChoice(QComboBox* combo, const char* pattern, E value) {
  const std::string name(chaossim::format::choice_name(rule(pattern), value));
  combo->setCurrentIndex(combo->findData(QString::fromStdString(name)));
}

QSpinBox* intSpin(QWidget* parent, const char* pattern);
// A number of `pattern`, shown `scale` times larger (a fraction as a percentage); an exclusive minimum starts one
// step above it.
QDoubleSpinBox* doubleSpin(QWidget* parent, const char* pattern, int decimals, const QString& suffix = {},
                           double scale = 1);

}  // namespace form_widgets
