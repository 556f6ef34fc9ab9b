#include "app/json_editor.h"

#include <QKeyEvent>
#include <QMimeData>
#include <QPainter>
#include <QScrollBar>
#include <QTextBlock>
#include <QToolTip>

#include "app/text_format.h"  // codeFont: fixed pitch at the application's size

namespace {

const QColor kErrorTint(253, 236, 234);
const QColor kErrorInk(176, 0, 32);

class LineNumberArea : public QWidget {
 public:
  explicit LineNumberArea(JsonEditor* editor) : QWidget(editor), m_editor(editor) {}
  QSize sizeHint() const override { return {m_editor->lineNumberAreaWidth(), 0}; }

 protected:
  void paintEvent(QPaintEvent* event) override { m_editor->paintLineNumbers(event); }

 private:
  JsonEditor* m_editor;
};

bool isUndoRedo(QKeyEvent* key) {
  return key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo);
}

}  // namespace

JsonEditor::JsonEditor(QWidget* parent) : QPlainTextEdit(parent), m_lineNumbers(new LineNumberArea(this)) {
  setObjectName(QStringLiteral("jsonEditor"));
  setFont(codeFont());
  setLineWrapMode(QPlainTextEdit::NoWrap);
  setUndoRedoEnabled(false);
  setTabChangesFocus(false);
  connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(lineNumberAreaWidth(), 0, 0, 0); });
  connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect& rect, int dy) {
    if (dy) m_lineNumbers->scroll(0, dy);
    else m_lineNumbers->update(0, rect.y(), m_lineNumbers->width(), rect.height());
  });
  connect(this, &QPlainTextEdit::textChanged, this, [this] {
    if (!m_showing) emit textEdited(toPlainText());
  });
  setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void JsonEditor::showText(const QString& text) {
  if (text == toPlainText()) return;
  const int position = textCursor().position();
  const int scroll = verticalScrollBar()->value();
  m_showing = true;
  setPlainText(text);
  m_showing = false;
  QTextCursor cursor = textCursor();
  cursor.setPosition(std::min(position, static_cast<int>(text.size())));
  setTextCursor(cursor);
  verticalScrollBar()->setValue(scroll);
  updateSelections();
}

void JsonEditor::setErrors(const std::vector<chaossim::LoadError>& errors) {
  m_errors = errors;
  updateSelections();
  viewport()->update();
}

void JsonEditor::goTo(int line, int column) {
  const QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
  if (!block.isValid()) return;
  QTextCursor cursor(block);
  cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::clamp(column - 1, 0, block.length() - 1));
  setTextCursor(cursor);
  centerCursor();
  setFocus();
}

int JsonEditor::lineNumberAreaWidth() const {
  const auto digits = static_cast<int>(QString::number(std::max(1, blockCount())).size());
  return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(3, digits);
}

void JsonEditor::paintLineNumbers(QPaintEvent* event) {
  QPainter painter(m_lineNumbers);
  painter.fillRect(event->rect(), palette().alternateBase());
  QTextBlock block = firstVisibleBlock();
  int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
  while (block.isValid() && top <= event->rect().bottom()) {
    const int bottom = top + qRound(blockBoundingRect(block).height());
    if (block.isVisible() && bottom >= event->rect().top()) {
      const int line = block.blockNumber() + 1;
      const bool bad = std::any_of(m_errors.begin(), m_errors.end(), [&](const auto& e) { return e.line == line; });
      painter.setPen(bad ? kErrorInk : palette().color(QPalette::PlaceholderText));
      painter.drawText(0, top, m_lineNumbers->width() - 6, fontMetrics().height(), Qt::AlignRight,
                       QString::number(line));
    }
    block = block.next();
    top = bottom;
  }
}

bool JsonEditor::event(QEvent* event) {
  // Let Undo and Redo reach the window's actions (the document's history) instead of the text widget.
  if (event->type() == QEvent::ShortcutOverride && isUndoRedo(static_cast<QKeyEvent*>(event))) {
    event->ignore();
    return false;
  }
  return QPlainTextEdit::event(event);
}

bool JsonEditor::viewportEvent(QEvent* event) {
  // The message drawn after a line may be cut off in a narrow panel: hovering the line shows it whole.
  if (event->type() == QEvent::ToolTip) {
    const auto* help = static_cast<QHelpEvent*>(event);
    const int line = cursorForPosition(help->pos()).blockNumber() + 1;
    QStringList messages;
    for (const chaossim::LoadError& e : m_errors)
      if (e.line == line) messages << QString::fromStdString(e.path.empty() ? e.message : e.path + ": " + e.message);
    if (messages.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(help->globalPos(), messages.join(QLatin1Char('\n')), viewport());
    return true;
  }
  return QPlainTextEdit::viewportEvent(event);
}

void JsonEditor::keyPressEvent(QKeyEvent* event) {
  if (isUndoRedo(event)) {
    event->ignore();
    return;
  }
  // Scenario files are indented with spaces: Tab inserts two, and a new line keeps the indentation of the last.
  if (event->key() == Qt::Key_Tab && event->modifiers() == Qt::NoModifier) {
    insertPlainText(QStringLiteral("  "));
    return;
  }
  if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && event->modifiers() == Qt::NoModifier) {
    const QString line = textCursor().block().text();
    qsizetype indent = 0;
    while (indent < line.size() && (line[indent] == QLatin1Char(' ') || line[indent] == QLatin1Char('\t'))) ++indent;
    insertPlainText(QLatin1Char('\n') + line.left(indent));
    return;
  }
  QPlainTextEdit::keyPressEvent(event);
}

bool JsonEditor::canInsertFromMimeData(const QMimeData* source) const {
  // A dropped file is opened by the window, not pasted here as its address.
  return !source->hasUrls() && QPlainTextEdit::canInsertFromMimeData(source);
}

void JsonEditor::resizeEvent(QResizeEvent* event) {
  QPlainTextEdit::resizeEvent(event);
  const QRect r = contentsRect();
  m_lineNumbers->setGeometry(QRect(r.left(), r.top(), lineNumberAreaWidth(), r.height()));
}

void JsonEditor::updateSelections() {
  QList<QTextEdit::ExtraSelection> selections;
  for (const chaossim::LoadError& e : m_errors) {
    if (e.line <= 0) continue;
    const QTextBlock block = document()->findBlockByNumber(e.line - 1);
    if (!block.isValid()) continue;
    QTextEdit::ExtraSelection line;
    line.format.setBackground(kErrorTint);
    line.format.setProperty(QTextFormat::FullWidthSelection, true);
    line.cursor = QTextCursor(block);
    selections << line;
    // Underline the value the error points at, up to the end of its token.
    QTextEdit::ExtraSelection at;
    at.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    at.format.setUnderlineColor(kErrorInk);
    at.cursor = QTextCursor(block);
    const int start = std::clamp(e.column - 1, 0, std::max(0, block.length() - 1));
    at.cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, start);
    const QString rest = block.text().mid(start);
    int length = 1;
    while (length < rest.size() && !QStringLiteral(",}]").contains(rest.at(length))) ++length;
    at.cursor.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor, std::min(length, std::max(1, static_cast<int>(rest.size()))));
    selections << at;
  }
  setExtraSelections(selections);
}

void JsonEditor::paintEvent(QPaintEvent* event) {
  QPlainTextEdit::paintEvent(event);
  if (m_errors.empty()) return;
  QPainter painter(viewport());
  QFont font = this->font();
  font.setItalic(true);
  painter.setFont(font);
  painter.setPen(kErrorInk);
  const QPointF offset = contentOffset();
  for (const chaossim::LoadError& e : m_errors) {
    if (e.line <= 0) continue;
    const QTextBlock block = document()->findBlockByNumber(e.line - 1);
    if (!block.isValid() || !block.isVisible() || !block.layout() || block.layout()->lineCount() == 0) continue;
    const QRectF box = blockBoundingGeometry(block).translated(offset);
    if (box.bottom() < event->rect().top() || box.top() > event->rect().bottom()) continue;
    const QTextLine last = block.layout()->lineAt(block.layout()->lineCount() - 1);
    const qreal x = box.left() + last.naturalTextWidth() + 3 * fontMetrics().horizontalAdvance(QLatin1Char(' '));
    const QString text = QStringLiteral("◀ ") + QString::fromStdString(e.path.empty() ? e.message : e.path + ": " + e.message);
    const QRectF where(x, box.top() + last.y(), std::max<qreal>(0, viewport()->width() - x - 4), last.height());
    painter.drawText(where, Qt::AlignLeft | Qt::AlignVCenter, fontMetrics().elidedText(text, Qt::ElideRight, static_cast<int>(where.width())));
  }
}
