#include "app/library_panel.h"

#include <QDesktopServices>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTextBlock>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "app/library_model.h"
#include "app/text_format.h"  // codeFont

namespace {

// Markdown's `code` gets the system's fixed font at its own fixed size; give it the size of the text around it,
// so it grows with workshop mode instead of shrinking beside the text.
void sizeCodeLikeText(QTextDocument* document, const QFont& code) {
  std::vector<std::pair<int, int>> spans;  // collected first: changing formats invalidates fragment iterators
  for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
    for (auto it = block.begin(); !it.atEnd(); ++it)
      if (it.fragment().charFormat().fontFixedPitch()) spans.emplace_back(it.fragment().position(), it.fragment().length());
  QTextCharFormat sized;
  sized.setFontFamilies(QStringList{code.family()});
  sized.setFontPointSize(code.pointSizeF());
  for (const auto& [start, length] : spans) {
    QTextCursor cursor(document);
    cursor.setPosition(start);
    cursor.setPosition(start + length, QTextCursor::KeepAnchor);
    cursor.mergeCharFormat(sized);
  }
}

// A text browser that loads nothing: an image or stylesheet named by a lesson must not read local files.
class QuietBrowser : public QTextBrowser {
 public:
  using QTextBrowser::QTextBrowser;
  QVariant loadResource(int, const QUrl&) override { return {}; }
};

}  // namespace

LibraryPanel::LibraryPanel(QWidget* parent)
    : QWidget(parent), m_model(new LibraryModel(this)), m_filter(new QSortFilterProxyModel(this)),
      m_search(new QLineEdit(this)), m_list(new QListView(this)), m_title(new QLabel(this)), m_tags(new QLabel(this)),
      m_problem(new QLabel(this)), m_description(new QuietBrowser(this)) {
  setObjectName(QStringLiteral("libraryPanel"));
  m_filter->setSourceModel(m_model);
  m_filter->setFilterRole(LibraryModel::SearchTextRole);
  m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_search->setPlaceholderText(tr("Filter lessons (title, tag, text)"));
  m_search->setClearButtonEnabled(true);
  connect(m_search, &QLineEdit::textChanged, m_filter, &QSortFilterProxyModel::setFilterFixedString);

  m_list->setModel(m_filter);
  m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_list->setWordWrap(true);  // long titles wrap instead of needing a horizontal scroll bar
  m_list->setTextElideMode(Qt::ElideNone);  // an elided title would leave its second line empty
  m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  m_list->setSpacing(2);

  for (QLabel* label : {m_title, m_tags, m_problem}) {
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  }
  applyFonts();
  m_tags->setForegroundRole(QPalette::PlaceholderText);
  m_problem->setStyleSheet(QStringLiteral("color: #b00020;"));
  m_description->setOpenLinks(false);
  connect(m_description, &QTextBrowser::anchorClicked, this, [](const QUrl& url) {
    if (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http")) QDesktopServices::openUrl(url);
  });

  auto* open = new QPushButton(tr("Open lesson"), this);
  open->setEnabled(false);
  connect(open, &QPushButton::clicked, this, [this] {
    const QModelIndex index = m_list->currentIndex();
    if (index.isValid()) emit lessonActivated(index.data(LibraryModel::PathRole).toString());
  });
  connect(m_list, &QListView::activated, this,
          [this](const QModelIndex& index) { emit lessonActivated(index.data(LibraryModel::PathRole).toString()); });
  connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, [this, open] {
    open->setEnabled(m_list->currentIndex().isValid());
    showCurrent();
  });

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(m_search);
  layout->addWidget(m_list, 2);
  layout->addWidget(m_title);
  layout->addWidget(m_tags);
  layout->addWidget(m_problem);
  layout->addWidget(m_description, 3);
  layout->addWidget(open);
  reload();
}

void LibraryPanel::reload() {
  m_model->setData(scanLessons(lessonsDirectory()));
  if (m_filter->rowCount() > 0) m_list->setCurrentIndex(m_filter->index(0, 0));
  showCurrent();
}

void LibraryPanel::selectPath(const QString& path) {
  for (int row = 0; row < m_filter->rowCount(); ++row) {
    const QModelIndex index = m_filter->index(row, 0);
    if (index.data(LibraryModel::PathRole).toString() == path) {
      m_list->setCurrentIndex(index);
      return;
    }
  }
}

void LibraryPanel::showCurrent() {
  const QModelIndex index = m_list->currentIndex();
  m_title->setText(index.data(Qt::DisplayRole).toString());
  const QStringList tags = index.data(LibraryModel::TagsRole).toStringList();
  m_tags->setText(tags.isEmpty() ? QString() : tags.join(QStringLiteral(" · ")));
  m_tags->setVisible(!tags.isEmpty());
  const QString problem = index.data(LibraryModel::ProblemRole).toString();
  m_problem->setText(problem.isEmpty() ? QString() : tr("Invalid: %1").arg(problem));
  m_problem->setVisible(!problem.isEmpty());
  if (m_model->rowCount() == 0) {
    // An empty library is a broken install or a wrong CHAOSSIM_SCENARIOS: say where the lessons were looked for.
    m_problem->setText(tr("No lessons found: %1").arg(lessonsSearchDescription()));
    m_problem->setVisible(true);
  }
  m_description->document()->setMarkdown(
      index.data(LibraryModel::DescriptionRole).toString(),
      // CommonMark, not GitHub's dialect: lessons write "~2,100" for "about", which GitHub reads as strikethrough.
      QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectCommonMark | QTextDocument::MarkdownNoHTML));
  sizeCodeLikeText(m_description->document(), codeFont());
  // Setting the document behind the browser's back leaves its cursor where the old text ended, and the browser
  // scrolls to show it: a lesson must open at its first line.
  m_description->moveCursor(QTextCursor::Start);
  m_description->verticalScrollBar()->setValue(0);
}

void LibraryPanel::applyFonts() {
  // Relative to the panel's font, which follows the application's (workshop mode makes it larger).
  QFont titleFont = font();
  titleFont.setBold(true);
  titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
  m_title->setFont(titleFont);
}

void LibraryPanel::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::FontChange) {
    applyFonts();
    showCurrent();  // the description again, its code at the new size
  }
}

QString LibraryPanel::descriptionText() const { return m_description->toPlainText(); }
int LibraryPanel::descriptionScroll() const { return m_description->verticalScrollBar()->value(); }
