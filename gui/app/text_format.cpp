#include "app/text_format.h"

#include <cmath>

#include <QApplication>
#include <QFontDatabase>
#include <QLocale>

QString plainNumber(double value, int significant) {
  Q_ASSERT(significant >= 1 && significant <= 17);
  if (!std::isfinite(value)) return std::isnan(value) ? QStringLiteral("–") : value > 0 ? QStringLiteral("∞") : QStringLiteral("−∞");
  if (value == 0) return QStringLiteral("0");
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e15 || magnitude < 1e-6) return QString::number(value, 'g', significant);
  // Digits before the point: 3 for 475.7; a negative count for 0.00123 (-2).
  const int before = static_cast<int>(std::floor(std::log10(magnitude))) + 1;
  const int decimals = std::max(0, significant - before);
  const double scale = std::pow(10.0, before - significant);
  const double rounded = before > significant ? std::round(value / scale) * scale : value;
  // English grouping whatever the machine's locale: the same text in screenshots, tests and reports.
  QString text = QLocale(QLocale::English, QLocale::UnitedStates).toString(rounded, 'f', decimals);
  if (text.contains(QLatin1Char('.'))) {
    while (text.endsWith(QLatin1Char('0'))) text.chop(1);
    if (text.endsWith(QLatin1Char('.'))) text.chop(1);
  }
  return text == QLatin1String("-0") ? QStringLiteral("0") : text;
}

QString countOf(long long count, const QString& singular, const QString& plural) {
  return QStringLiteral("%1 %2").arg(count).arg(count == 1 ? singular : plural);
}

QFont codeFont() {
  QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  const QFont text = QApplication::font();
  if (text.pointSizeF() > 0) font.setPointSizeF(text.pointSizeF());
  else if (text.pixelSize() > 0) font.setPixelSize(text.pixelSize());
  return font;
}
