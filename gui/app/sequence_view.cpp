#include "app/sequence_view.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <QEvent>
#include <QPainter>
#include <QPainterPath>

#include "traces/sequence_palette.h"  // the report's colours, so both diagrams read alike

namespace {

using chaossim::traces::SequenceDiagram;

QColor colour(const char* hex) { return QColor(QString::fromLatin1(hex)); }

QString text(const std::string& s) { return QString::fromStdString(s); }

// The layout's units are pixels for 12-pixel text on 15-pixel lines (the SVG's): larger text spreads them.
constexpr double kLayoutLine = 15.0;

}  // namespace

SequenceView::SequenceView(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("sequenceView"));
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void SequenceView::setDiagram(SequenceDiagram diagram) {
  m_diagram = std::move(diagram);
  updateGeometry();
  update();
}

void SequenceView::clear() { setDiagram({}); }

double SequenceView::scale() const { return std::max(1.0, fontMetrics().height() / kLayoutLine); }

double SequenceView::top() const {
  // The lane names' boxes, then a line for the first arrow's label.
  return fontMetrics().height() * 2.0 + 8 + fontMetrics().height() * 1.4;
}

void SequenceView::setAvailableHeight(int height) {
  if (height == m_available) return;
  m_available = height;
  updateGeometry();
  update();
}

double SequenceView::timeScale() const {
  const double full = scale();
  if (m_available <= 0 || m_diagram.height <= 0) return full;
  // The closest rows (kMinGap apart) keep a line of text and a little air between them.
  const double least = std::min(full, fontMetrics().height() * 1.15 / SequenceDiagram::kMinGap);
  const double fits = (m_available - top() - fontMetrics().height() * 3) / m_diagram.height;
  return std::clamp(fits, least, full);
}

double SequenceView::yOf(double layoutY) const { return top() + layoutY * timeScale(); }

double SequenceView::axisWidth() const {
  int widest = 0;
  for (const auto& [y, label] : m_diagram.ticks) widest = std::max(widest, fontMetrics().horizontalAdvance(text(label)));
  return widest + fontMetrics().height();
}

double SequenceView::laneMinWidth() const {
  // A lane is as wide as its name in bold (within reason): a name elided to "c…1" names nothing.
  QFont bold = font();
  bold.setBold(true);
  const QFontMetrics fm(bold);
  int widest = 0;
  for (const std::string& lane : m_diagram.lanes) widest = std::max(widest, fm.horizontalAdvance(text(lane)));
  return std::min(widest + 2.0 * fm.height(), 14.0 * fm.height());
}

double SequenceView::notesWidth() const {
  // Notes go right of their lane: the last lane keeps room for the widest of its own, within a third of the width
  // and what the lanes leave (at least a few words; longer notes are elided).
  const int last = static_cast<int>(m_diagram.lanes.size()) - 1;
  QFont bold = font();
  bold.setBold(true);
  const QFontMetrics fm(bold);
  int widest = 0;
  for (const auto& n : m_diagram.notes)
    if (n.lane == last) widest = std::max(widest, fm.horizontalAdvance(text(n.text)));
  const double lanes = static_cast<double>(m_diagram.lanes.size()) * laneMinWidth();
  const double wanted = std::min<double>(widest + fm.height(), width() / 3.0);
  return std::max(4.0 * fm.height(), std::min(wanted, width() - axisWidth() - lanes)) + 8;
}

double SequenceView::laneX(int lane) const {
  const double n = std::max<double>(1, static_cast<double>(m_diagram.lanes.size()));
  const double laneWidth = (width() - axisWidth() - notesWidth()) / n;
  return axisWidth() + (lane + 0.5) * laneWidth;
}

QSize SequenceView::sizeHint() const {
  const int line = fontMetrics().height();
  const int height = isEmpty() ? 0 : static_cast<int>(std::ceil(yOf(m_diagram.height) + line * 3));
  int lanes = 0;
  for (const std::string& lane : m_diagram.lanes)
    lanes += std::max(fontMetrics().horizontalAdvance(text(lane)) + 2 * line, 10 * line);
  return {static_cast<int>(axisWidth()) + lanes + 12 * line, height};
}

QSize SequenceView::minimumSizeHint() const {
  // As tall as the diagram (a scroll area scrolls it), and wide enough for lanes of a few words each.
  const int line = fontMetrics().height();
  return {static_cast<int>(axisWidth() + static_cast<double>(m_diagram.lanes.size()) * laneMinWidth()) + 4 * line + 8,
          sizeHint().height()};
}

void SequenceView::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::FontChange) updateGeometry();
}

void SequenceView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), Qt::white);  // the palette's colours are chosen for white, as in the report
  if (isEmpty()) return;
  p.setRenderHint(QPainter::Antialiasing);
  using namespace chaossim::traces;
  const QFontMetricsF fm(font());
  const double line = fm.height(), s = scale();
  const double n = static_cast<double>(m_diagram.lanes.size());
  const double laneWidth = (width() - axisWidth() - notesWidth()) / n;
  const double bottom = yOf(m_diagram.height) + line * 2.5;
  QFont bold = font();
  bold.setBold(true);

  // Lanes: a name in a box on top, a dashed lifeline down.
  for (int i = 0; i < static_cast<int>(m_diagram.lanes.size()); ++i) {
    const double cx = laneX(i);
    const QRectF box(cx - laneWidth / 2 + 6, 4, laneWidth - 12, line * 2);
    p.setPen(QPen(colour(kLaneStroke), 1));
    p.setBrush(colour(kLaneFill));
    p.drawRoundedRect(box, 4, 4);
    p.setFont(bold);
    p.setPen(Qt::black);
    p.drawText(box, Qt::AlignCenter,
               QFontMetrics(bold).elidedText(text(m_diagram.lanes[static_cast<std::size_t>(i)]), Qt::ElideMiddle,
                                             static_cast<int>(box.width() - 8)));
    p.setFont(font());
    p.setPen(QPen(colour(kLifeline), 1, Qt::DashLine));
    p.drawLine(QPointF(cx, box.bottom()), QPointF(cx, bottom));
  }
  // Real times on the left (the vertical axis is compressed).
  p.setPen(colour(kTickText));
  for (const auto& [ty, label] : m_diagram.ticks)
    p.drawText(QRectF(0, yOf(ty) - line / 2, axisWidth() - line / 2, line), Qt::AlignRight | Qt::AlignVCenter, text(label));

  // Bars: attempts and backoff waits at the caller, requests at services with their queueing and work inside.
  for (const auto& b : m_diagram.bars) {
    const BarColours c = bar_colours(b.kind);
    const double w = c.width * s, h = std::max(2.0, (b.y1 - b.y0) * timeScale());
    const QRectF r(laneX(b.lane) - w / 2, yOf(b.y0), w, h);
    QPen pen(colour(c.stroke), 1, b.cut ? Qt::DashLine : Qt::SolidLine);
    p.setPen(pen);
    if (b.kind == SequenceDiagram::Bar::Kind::backoff) {
      p.setBrush(Qt::white);
      p.drawRect(r);
      p.setBrush(QBrush(colour(c.stroke), Qt::BDiagPattern));
    } else {
      p.setBrush(colour(c.fill));
    }
    p.drawRect(r);
    if (!b.label.empty()) {
      // Left of the bar, as in the report; on the client's lane that is only the start of its lane, so a label
      // that does not fit there goes right of a bar tall enough to keep it clear of the notes at its ends.
      p.setPen(colour(kBarLabel));
      const QString label = text(b.label);
      const double left = r.left() - 4 - (b.lane == 0 ? laneX(0) - axisWidth() - w : laneWidth * 0.75);
      if (fm.horizontalAdvance(label) > r.left() - 4 - left && h >= 3 * line)
        p.drawText(QRectF(r.right() + 4, r.center().y() - line / 2, width() - r.right() - 8, line),
                   Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(label, Qt::ElideRight, width() - r.right() - 8));
      else
        p.drawText(QRectF(left, r.center().y() - line / 2, r.left() - 4 - left, line), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(label, Qt::ElideRight, r.left() - 4 - left));
    }
  }

  // Arrows: requests out, replies back; a lost one stops halfway at a red cross; a late reply is dashed.
  p.setBrush(Qt::NoBrush);
  for (const auto& a : m_diagram.arrows) {
    const double dir = a.to > a.from ? 1 : -1;
    const double gap = 8 * s;
    const double x0 = laneX(a.from) + dir * gap, fullX1 = laneX(a.to) - dir * gap;
    const double y0 = yOf(a.y0), fullY1 = yOf(a.y1);
    const QPointF from(x0, y0), to = a.lost ? QPointF((x0 + fullX1) / 2, (y0 + fullY1) / 2) : QPointF(fullX1, fullY1);
    const QColor c = colour(arrow_colour(a));
    p.setPen(QPen(c, 1.6 * s, a.late ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap));
    p.drawLine(from, to);
    if (a.lost) {
      const double k = 7 * s;
      p.setPen(QPen(c, 3 * s));
      p.drawLine(to + QPointF(-k, -k), to + QPointF(k, k));
      p.drawLine(to + QPointF(-k, k), to + QPointF(k, -k));
    } else {
      // The head: a filled triangle along the line.
      const double angle = std::atan2(to.y() - from.y(), to.x() - from.x()), len = 9 * s, half = 0.45;
      QPolygonF head;
      head << to << to - QPointF(len * std::cos(angle - half), len * std::sin(angle - half))
           << to - QPointF(len * std::cos(angle + half), len * std::sin(angle + half));
      p.setPen(Qt::NoPen);
      p.setBrush(c);
      p.drawPolygon(head);
      p.setBrush(Qt::NoBrush);
    }
    const QString label = text(a.label) + (a.late ? tr(" (too late)") : QString());
    // Over the middle of the whole way (a lost message's label too, which would not fit over half of it), with
    // the width of the lanes it crosses and a little more.
    const double room = std::abs(fullX1 - x0) + laneWidth * 0.4;
    const QPointF mid((x0 + fullX1) / 2, a.lost ? y0 : (y0 + fullY1) / 2);
    p.setPen(c);
    p.drawText(QRectF(mid.x() - room / 2, mid.y() - line - 2, room, line), Qt::AlignHCenter | Qt::AlignBottom,
               fm.elidedText(label, Qt::ElideRight, room));
  }

  // Notes right of their lane, several at one place stacked downwards; an effect is a diamond on the lifeline.
  std::map<std::pair<int, long>, int> stacked;
  for (const auto& note : m_diagram.notes) {
    const int k = stacked[{note.lane, std::lround(note.y)}]++;
    const double ny = yOf(note.y) + k * line;
    const double cx = laneX(note.lane);
    const QColor c = colour(note_colour(note.kind));
    if (note_is_effect(note.kind)) {
      const double d = 6 * s;
      QPolygonF diamond;
      diamond << QPointF(cx, ny - d) << QPointF(cx + d, ny) << QPointF(cx, ny + d) << QPointF(cx - d, ny);
      p.setPen(Qt::NoPen);
      p.setBrush(c);
      p.drawPolygon(diamond);
    }
    p.setFont(note_is_bold(note.kind) ? bold : font());
    p.setPen(c);
    // Clear of the bars and of a reply's arrowhead that ends at this lane (8 + 9 pixels at scale 1).
    const double nx = cx + 19 * s;
    const double room = width() - nx - 4;
    p.drawText(QRectF(nx, ny - line / 2, room, line), Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetricsF(p.font()).elidedText(text(note.text), Qt::ElideRight, room));
  }
}
