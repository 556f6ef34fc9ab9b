#include "app/summary_cards.h"

#include <QAbstractItemModel>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "app/summary_model.h"
#include "charts/chart_spec.h"  // palette_colour: a variant has the same colour on cards and charts

namespace {

constexpr int kCards = SummaryModel::FixedRows + 1;  // the numbers, then the expectations

QString statusColour(int status) {
  switch (static_cast<SummaryModel::Status>(status)) {
    case SummaryModel::Status::Pass: return QStringLiteral("#1b7a3a");
    case SummaryModel::Status::Fail: return QStringLiteral("#b00020");
    default: return QString();
  }
}

QString dot(int column, int columns) {
  if (columns < 2) return {};
  const QString colour = QString::fromStdString(chaossim::palette_colour(static_cast<std::size_t>(column)));
  return QStringLiteral("<span style='color:%1'>&#9679;</span> ").arg(colour);
}

}  // namespace

SummaryCards::SummaryCards(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("summaryCards"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  for (int i = 0; i < kCards; ++i) {
    auto* card = new QFrame(this);
    card->setFrameShape(QFrame::StyledPanel);
    card->setAutoFillBackground(true);
    card->setBackgroundRole(QPalette::Base);
    auto* title = new QLabel(card);
    title->setTextFormat(Qt::PlainText);
    title->setForegroundRole(QPalette::PlaceholderText);
    auto* body = new QLabel(card);
    body->setTextFormat(Qt::RichText);  // every piece of scenario text in it is HTML-escaped
    body->setWordWrap(true);
    body->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto* v = new QVBoxLayout(card);
    v->setContentsMargins(10, 6, 10, 6);
    v->addWidget(title);
    v->addWidget(body, 1);
    layout->addWidget(card, i == kCards - 1 ? 2 : 1);
    m_cards << card;
    m_titles << title;
    m_bodies << body;
  }
  refresh();
}

void SummaryCards::setModel(QAbstractItemModel* model) {
  if (m_model) disconnect(m_model, nullptr, this, nullptr);
  m_model = model;
  if (m_model) {
    connect(m_model, &QAbstractItemModel::modelReset, this, &SummaryCards::refresh);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &SummaryCards::refresh);
  }
  refresh();
}

QStringList SummaryCards::cardTexts() const {
  QStringList out;
  for (int i = 0; i < kCards; ++i) out << m_titles[i]->text() + QLatin1Char('\n') + m_bodies[i]->text();
  return out;
}

void SummaryCards::refresh() {
  const int columns = m_model ? m_model->columnCount() : 0;
  // Nothing has run yet: no empty boxes.
  setVisible(columns > 0);
  const int rows = m_model ? m_model->rowCount() : 0;
  const bool big = columns == 1;  // one variant: a large number; several: one line each
  for (int row = 0; row < SummaryModel::FixedRows; ++row) {
    QString title = m_model && rows > row ? m_model->headerData(row, Qt::Vertical).toString() : QString();
    QString body;
    for (int c = 0; c < columns && row < rows; ++c) {
      const QModelIndex index = m_model->index(row, c);
      if (c == 0) title = index.data(SummaryModel::LabelRole).toString();
      const QString colour = statusColour(index.data(SummaryModel::StatusRole).toInt());
      const QString value = index.data().toString().toHtmlEscaped();
      const QString styled = colour.isEmpty() ? value : QStringLiteral("<span style='color:%1'>%2</span>").arg(colour, value);
      const QString detail = index.data(SummaryModel::DetailRole).toString().toHtmlEscaped();
      if (big)
        body += QStringLiteral("<div style='font-size:x-large; font-weight:600'>%1</div><div>%2</div>").arg(styled, detail);
      else if (value == QStringLiteral("–") && c > 0)
        continue;  // "nothing to show" once is enough
      else
        body += QStringLiteral("<div>%1<b>%2</b> <small>%3</small></div>").arg(dot(c, columns), styled, detail);
      m_cards[row]->setToolTip(index.data(Qt::ToolTipRole).toString());
    }
    m_titles[row]->setText(title.isEmpty() ? tr("–") : title);
    m_bodies[row]->setText(body.isEmpty() ? QStringLiteral("–") : body);
  }

  // Expectations: the verdict of each, per variant.
  QString body;
  int shown = 0;
  for (int c = 0; c < columns; ++c) {
    if (columns > 1)
      body += QStringLiteral("<div>%1<b>%2</b></div>").arg(dot(c, columns), m_model->headerData(c, Qt::Horizontal).toString().toHtmlEscaped());
    for (int row = SummaryModel::FixedRows; row < rows; ++row) {
      const QModelIndex index = m_model->index(row, c);
      const QString label = index.data(SummaryModel::LabelRole).toString();
      if (label.isEmpty()) continue;
      const int status = index.data(SummaryModel::StatusRole).toInt();
      const QString mark = status == int(SummaryModel::Status::Pass) ? QStringLiteral("&#10004;")
                           : status == int(SummaryModel::Status::Fail) ? QStringLiteral("&#10008;")
                                                                        : QStringLiteral("&#8230;");
      const QString colour = statusColour(status);
      body += QStringLiteral("<div><span style='color:%1'>%2</span> %3 <small>%4</small></div>")
                  .arg(colour.isEmpty() ? QStringLiteral("gray") : colour, mark, label.toHtmlEscaped(),
                       index.data(SummaryModel::DetailRole).toString().toHtmlEscaped());
      ++shown;
    }
  }
  m_titles.last()->setText(columns == 1 ? tr("Expectations of %1").arg(m_model->headerData(0, Qt::Horizontal).toString())
                                         : tr("Expectations"));
  m_bodies.last()->setText(shown == 0 ? tr("none in this scenario") : body);
}
