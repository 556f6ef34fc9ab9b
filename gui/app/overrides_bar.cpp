#include "app/overrides_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

OverridesBar::OverridesBar(QWidget* parent) : QFrame(parent), m_label(new QLabel(this)) {
  setObjectName(QStringLiteral("overridesBar"));
  // The colours of a notice, not of an error: the overrides are what the user asked for. A palette rather than a
  // style sheet, whose widgets would keep their font when workshop mode enlarges the application's.
  QPalette colours = palette();
  colours.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xd6));
  colours.setColor(QPalette::WindowText, QColor(0x4a, 0x38, 0x00));
  setPalette(colours);
  setAutoFillBackground(true);
  setFrameShape(QFrame::StyledPanel);
  m_label->setTextFormat(Qt::PlainText);  // paths and values come from the command line: shown as typed
  m_label->setWordWrap(true);
  m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* clear = new QPushButton(tr("Clear overrides"), this);
  clear->setObjectName(QStringLiteral("clearOverrides"));
  clear->setToolTip(tr("Run the scenario as written in the editor"));
  connect(clear, &QPushButton::clicked, this, &OverridesBar::clearRequested);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(8, 4, 4, 4);
  layout->addWidget(m_label, 1);
  layout->addWidget(clear);
  hide();
}

QString OverridesBar::describe(const chaossim::Override& override) {
  const auto& [path, value] = override;
  return QString::fromStdString(path + "=" + (value.is_string() ? value.get<std::string>() : value.dump()));
}

void OverridesBar::setOverrides(const std::vector<chaossim::Override>& overrides) {
  QStringList items;
  for (const chaossim::Override& o : overrides) items << describe(o);
  m_label->setText(tr("Every run also applies --set %1 (from the command line; the editor shows the scenario "
                      "without them).").arg(items.join(QStringLiteral(", --set "))));
  setVisible(!overrides.empty());
}

QString OverridesBar::text() const { return isHidden() ? QString() : m_label->text(); }
