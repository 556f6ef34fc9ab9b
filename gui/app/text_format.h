#pragma once
// Numbers and counts as people read them on a dashboard: "475,700", not "4.757e+05"; "1 error", not "1 error(s)".

#include <QFont>
#include <QString>

// `value` rounded to `significant` digits and written out in full with thousands grouped ("475,700", "0.0123",
// "1.5"): no exponent between 1e-6 and 1e15, beyond which the exponent is the readable form. Trailing zeros of
// the fraction are dropped.
QString plainNumber(double value, int significant = 4);

// "1 error", "3 errors": the count in plain digits and the noun that agrees with it.
QString countOf(long long count, const QString& singular, const QString& plural);

// The fixed-pitch font for code (the JSON tab, `inline code` in lessons) at the application font's size: code
// grows with the rest of the text in workshop mode instead of staying at the system's fixed size.
QFont codeFont();
