#include "app/compare_dialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

CompareDialog::CompareDialog(const QStringList& variants, bool offerSavedFile, QWidget* parent)
    : QDialog(parent), m_list(new QListWidget(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
  setWindowTitle(tr("Compare variants"));
  auto* intro = new QLabel(tr("Choose two to four. They run with the same seed, so their differences come from the "
                              "strategy, not from luck."), this);
  intro->setWordWrap(true);
  QStringList keys = variants;
  if (offerSavedFile) keys << savedFileKey();
  for (const QString& key : keys) {
    auto* item = new QListWidgetItem(key == savedFileKey() ? tr("baseline as saved (without your edits)") : key, m_list);
    item->setData(Qt::UserRole, key);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    item->setCheckState(m_list->count() <= kMaxChoices ? Qt::Checked : Qt::Unchecked);
  }
  m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Run"));
  connect(m_list, &QListWidget::itemChanged, this, &CompareDialog::updateButtons);
  connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addWidget(m_list);
  layout->addWidget(m_buttons);
  updateButtons();
}

void CompareDialog::setChecked(const QStringList& keys) {
  for (int i = 0; i < m_list->count(); ++i) {
    QListWidgetItem* item = m_list->item(i);
    item->setCheckState(keys.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked : Qt::Unchecked);
  }
}

QStringList CompareDialog::checked() const {
  QStringList out;
  for (int i = 0; i < m_list->count(); ++i)
    if (m_list->item(i)->checkState() == Qt::Checked) out << m_list->item(i)->data(Qt::UserRole).toString();
  return out;
}

void CompareDialog::updateButtons() {
  const auto n = checked().size();
  m_buttons->button(QDialogButtonBox::Ok)->setEnabled(n >= kMinChoices && n <= kMaxChoices);
}
