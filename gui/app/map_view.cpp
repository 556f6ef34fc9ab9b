#include "app/map_view.h"

#include <QComboBox>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>
#include <cmath>

namespace {

QString text(const std::string& s) { return QString::fromStdString(s); }
QColor colour(const std::string& hex) { return QColor(QString::fromStdString(hex)); }

// A value with the unit people expect: the same numbers as the report's legend.
QString valueText(double v) {
  if (!std::isfinite(v)) return QStringLiteral("n/a");
  return QString::number(v, 'g', 4);
}

}  // namespace

MapCanvas::MapCanvas(QWidget* parent) : QWidget(parent) { setMinimumSize(480, 320); }

void MapCanvas::setGrid(const chaossim::MapGrid* grid, int metric) {
  m_grid = grid;
  m_metric = metric;
  update();
}

void MapCanvas::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().base());
  if (!m_grid) {
    p.drawText(rect(), Qt::AlignCenter, tr("No map: File → Open map… opens the folder of chaossim map"));
    return;
  }
  using chaossim::MapGrid;
  const MapGrid& g = *m_grid;
  const QFontMetrics fm(font());
  // Room for the row labels on the left, column labels and the axis title below, the legend on the right.
  int labelWidth = 0;
  for (std::size_t r = 0; r < g.row_count(); ++r)
    labelWidth = std::max(labelWidth, fm.horizontalAdvance(text(g.rows.label(r))));
  const int left = labelWidth + fm.height() + 14, right = fm.horizontalAdvance(tr("holds (inferred)")) + 44;
  const int top = 10, bottom = 2 * fm.height() + 14;
  const QRectF plot(left, top, std::max(50, width() - left - right), std::max(50, height() - top - bottom));
  const std::size_t rows = g.row_count(), cols = g.column_count();
  const double cw = plot.width() / double(cols), ch = plot.height() / double(rows);
  const std::vector<double>* values = m_metric >= 0 ? &g.values[std::size_t(m_metric)] : nullptr;
  const auto range = values ? chaossim::map_range(*values) : std::nullopt;
  const double lowest = range ? range->first : 0, highest = range ? range->second : 0;
  const auto cellRect = [&](std::size_t r, std::size_t c) {
    // The first --y value at the bottom, as on any chart's y axis.
    return QRectF(plot.left() + cw * double(c), plot.bottom() - ch * double(r + 1), cw + 0.5, ch + 0.5);
  };
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) {
      const std::size_t i = r * cols + c;
      const MapGrid::Cell cell = g.cells[i];
      const QRectF box = cellRect(r, c);
      if (cell == MapGrid::Cell::missing) {
        p.fillRect(box, QColor(0xbb, 0xbb, 0xbb));
      } else if (!MapGrid::ran(cell)) {
        // Inferred: the side's pale colour, hatched.
        p.fillRect(box, colour(chaossim::map_side_colour(MapGrid::holds(cell), true)));
        p.fillRect(box, QBrush(Qt::white, Qt::BDiagPattern));
      } else if (!values) {
        p.fillRect(box, colour(chaossim::map_side_colour(MapGrid::holds(cell), false)));
      } else {
        const double v = (*values)[i];
        p.fillRect(box, std::isfinite(v) && range ? colour(chaossim::map_colour(v, lowest, highest))
                                                  : QColor(0xdd, 0xdd, 0xdd));
      }
    }
  // The boundary, row by row, joined into steps.
  QPainterPath boundary;
  bool drawing = false;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t edge = g.boundary_column(r);
    if (!edge) {
      drawing = false;
      continue;
    }
    const QRectF box = cellRect(r, edge);
    if (drawing)
      boundary.lineTo(box.left(), box.bottom());
    else
      boundary.moveTo(box.left(), box.bottom());
    boundary.lineTo(box.left(), box.top());
    drawing = true;
  }
  p.setRenderHint(QPainter::Antialiasing);
  p.strokePath(boundary, QPen(QColor(0x11, 0x11, 0x11), 2.5));
  // Axes: the labels that fit, and the swept paths as titles.
  p.setPen(palette().text().color());
  const int everyColumn = std::max(1, int(std::ceil(60.0 * double(cols) / plot.width())));
  for (std::size_t c = 0; c < cols; ++c)
    if (int(c) % everyColumn == 0 || c + 1 == cols)
      p.drawText(QRectF(cellRect(0, c).center().x() - 40, plot.bottom() + 2, 80, fm.height()), Qt::AlignCenter,
                 text(g.columns.label(c)));
  const int everyRow = std::max(1, int(std::ceil(double(fm.height() + 2) * double(rows) / plot.height())));
  for (std::size_t r = 0; r < rows; ++r)
    if (int(r) % everyRow == 0 || r + 1 == rows)
      p.drawText(QRectF(0, cellRect(r, 0).center().y() - fm.height() / 2.0, left - 6, fm.height()),
                 Qt::AlignRight | Qt::AlignVCenter, text(g.rows.label(r)));
  p.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 6, plot.width(), fm.height()), Qt::AlignCenter,
             text(g.columns.path));
  p.save();
  p.translate(fm.height() / 2.0 + 2, plot.center().y());
  p.rotate(-90);
  p.drawText(QRectF(-plot.height() / 2, -fm.height() / 2.0, plot.height(), fm.height()), Qt::AlignCenter,
             text(g.rows.path));
  p.restore();
  // The legend.
  double y = plot.top();
  const double x = plot.right() + 12;
  const auto swatch = [&](const QBrush& fill, const QString& what, bool hatched = false) {
    const QRectF box(x, y, 14, 14);
    p.fillRect(box, fill);
    if (hatched) p.fillRect(box, QBrush(Qt::white, Qt::BDiagPattern));
    p.drawText(QPointF(x + 20, y + 12), what);
    y += fm.height() + 6;
  };
  if (!values) {
    swatch(colour(chaossim::map_side_colour(true, false)), tr("holds (run)"));
    swatch(colour(chaossim::map_side_colour(false, false)), tr("fails (run)"));
  } else if (range) {
    const double rampHeight = std::min(150.0, plot.height() / 2);
    for (int k = 0; k < 30; ++k) {
      const double t = 1.0 - k / 29.0;
      p.fillRect(QRectF(x, y + rampHeight * k / 30, 14, rampHeight / 30 + 1),
                 colour(chaossim::map_colour(lowest + t * (highest - lowest), lowest, highest)));
    }
    p.drawText(QPointF(x + 20, y + 10), valueText(highest));
    p.drawText(QPointF(x + 20, y + rampHeight), valueText(lowest));
    y += rampHeight + 12;
  }
  swatch(colour(chaossim::map_side_colour(true, true)), tr("holds (inferred)"), true);
  swatch(colour(chaossim::map_side_colour(false, true)), tr("fails (inferred)"), true);
  p.drawText(QRectF(x, y, right - 16, 4 * fm.height()), Qt::TextWordWrap,
             tr("Hatched: not run, inferred from the bisection of its row"));
}

MapView::MapView(QWidget* parent)
    : QWidget(parent), m_summary(new QLabel), m_choice(new QComboBox), m_canvas(new MapCanvas) {
  m_summary->setTextFormat(Qt::PlainText);  // names from map.json: never rich text
  m_summary->setWordWrap(true);
  m_choice->setObjectName(QStringLiteral("mapChoice"));
  auto* top = new QHBoxLayout;
  top->addWidget(m_summary, 1);
  top->addWidget(m_choice);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(m_canvas, 1);
  connect(m_choice, &QComboBox::currentIndexChanged, this, &MapView::showMetric);
}

bool MapView::openFolder(const QString& dir, QString* error) {
  QFile file(dir + QStringLiteral("/map.json"));
  if (file.size() > qint64(chaossim::kMaxMapBytes) || !file.open(QIODevice::ReadOnly)) {
    if (error) *error = tr("%1: no readable map.json (chaossim map writes one)").arg(dir);
    return false;
  }
  auto parsed = chaossim::parse_map_json(file.readAll().toStdString());
  if (auto* why = std::get_if<std::string>(&parsed)) {
    if (error) *error = dir + QStringLiteral(": ") + text(*why);
    return false;
  }
  m_grid = std::move(std::get<chaossim::MapGrid>(parsed));
  const std::size_t run = m_grid->cells_run(), all = m_grid->cells.size();
  m_summary->setText(tr("Where %1 holds, over %2 (rows) and %3 (columns): %4 of %5 cells ran (%6%), the others "
                        "inferred from the bisection of their row.")
                         .arg(text(m_grid->boundary), text(m_grid->rows.path), text(m_grid->columns.path))
                         .arg(run)
                         .arg(all)
                         .arg(100.0 * double(run) / double(all), 0, 'f', 1));
  m_choice->blockSignals(true);
  m_choice->clear();
  m_choice->addItem(tr("Where %1 holds").arg(text(m_grid->boundary)));
  for (const std::string& m : m_grid->metrics) m_choice->addItem(text(m));
  m_choice->blockSignals(false);
  showMetric(0);
  return true;
}

void MapView::showMetric(int index) {
  if (m_grid) m_canvas->setGrid(&*m_grid, index - 1);
}
