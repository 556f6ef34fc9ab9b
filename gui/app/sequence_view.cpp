#include "app/sequence_view.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include "traces/sequence_palette.h"  // the report's colours, so both diagrams read alike

namespace {

using chaossim::traces::SequenceDiagram;

QColor colour(const char* hex) { return QColor(QString::fromLatin1(hex)); }

QString text(const std::string& s) { return QString::fromStdString(s); }

// The layout's units are pixels for 12-pixel text on 15-pixel lines (the SVG's): larger text spreads them.
constexpr double kLayoutLine = 15.0;

// Pixels kept between a text and a bar or another text.
constexpr double kPad = 3.0;

using Runs = std::vector<std::pair<double, double>>;

// What the obstacles at the height [top, bottom] leave free of [lo, hi], kPad away from each.
Runs freeRuns(double lo, double hi, double top, double bottom, const std::vector<QRectF>& obstacles) {
  Runs runs{{lo, hi}};
  for (const QRectF& o : obstacles) {
    if (o.bottom() <= top || o.top() >= bottom) continue;
    const double a = o.left() - kPad, b = o.right() + kPad;
    Runs next;
    for (const auto& [l, h] : runs) {
      if (b <= l || a >= h) {
        next.emplace_back(l, h);
        continue;
      }
      if (a > l) next.emplace_back(l, a);
      if (b < h) next.emplace_back(b, h);
    }
    runs = std::move(next);
  }
  return runs;
}

// The text on two lines of about equal width: split at the space that makes the longer line shortest, dropping a
// " · " between them ("attempt 2 · key …00ef" becomes "attempt 2" over "key …00ef"). One line if it has no space.
QStringList twoLines(const QString& whole, const QFontMetricsF& fm) {
  QStringList best{whole};
  double narrowest = fm.horizontalAdvance(whole);
  for (qsizetype i = whole.indexOf(u' '); i > 0; i = whole.indexOf(u' ', i + 1)) {
    QString a = whole.left(i), b = whole.mid(i + 1);
    if (a.endsWith(QStringLiteral(" ·"))) a.chop(2);
    if (b.startsWith(QStringLiteral("· "))) b = b.mid(2);
    if (a.trimmed().isEmpty() || b.trimmed().isEmpty()) continue;
    const double w = std::max(fm.horizontalAdvance(a), fm.horizontalAdvance(b));
    if (w < narrowest) {
      narrowest = w;
      best = {a, b};
    }
  }
  return best;
}

// A place a text may take: within [lo, hi], starting at, ending at or centred on the anchor, its first line's top
// at y; a second line goes below it, or above it when `upwards`. An arrow's label goes up with the arrow's slope
// (its pixels down per pixel right), so that its bottom stays above the arrow over the whole of its width.
struct Spot {
  double lo, hi, anchor;
  enum class Align { start, end, centre } align;
  double y;
  bool upwards = false;
  double slope = 0;
};

using Label = SequenceView::Label;

// The text at the spot on n lines (1 or 2), clear of the obstacles; nothing if it does not fit. With `elide` it
// always gets the spot's free run, elided to it.
std::optional<Label> placeAt(const QString& whole, const QFontMetricsF& fm, const Spot& spot,
                             const std::vector<QRectF>& obstacles, int n, bool elide) {
  const double line = fm.height();
  QStringList lines = n == 1 ? QStringList{whole} : twoLines(whole, fm);
  if (lines.size() != n) return std::nullopt;  // nowhere to split it
  double w = 0;
  for (const QString& l : lines) w = std::max(w, std::ceil(fm.horizontalAdvance(l)));
  double rise = 0, top = 0, from = 0, to = -1, x = 0;
  // Centred on a sloping arrow the text rises by half its width times the slope; moved aside to find room, more:
  // a few rounds settle it.
  for (int round = 0; round < 4; ++round) {
    top = (spot.upwards ? spot.y - (n - 1) * line : spot.y) - rise;
    const Runs runs = freeRuns(spot.lo, spot.hi, top, top + n * line, obstacles);
    from = 0, to = -1;
    switch (spot.align) {
      case Spot::Align::start:
        for (const auto& [l, h] : runs)
          if (h > spot.anchor) {
            from = std::max(l, spot.anchor), to = h, x = from;
            break;
          }
        break;
      case Spot::Align::end:
        for (const auto& [l, h] : runs)
          if (l < spot.anchor) from = l, to = std::min(h, spot.anchor), x = to - w;
        break;
      case Spot::Align::centre: {
        double nearest = 1e18;
        for (const auto& [l, h] : runs) {
          const double off = spot.anchor < l ? l - spot.anchor : spot.anchor > h ? spot.anchor - h : 0;
          // Elided, the widest run; whole, the nearest that holds it.
          if (elide ? h - l <= to - from : h - l < w || off >= nearest) continue;
          nearest = off, from = l, to = h;
          x = std::clamp(spot.anchor - w / 2, l, std::max(l, h - w));
        }
        break;
      }
    }
    const double needed = std::abs(spot.slope) * std::max(std::abs(x - spot.anchor), std::abs(x + w - spot.anchor));
    if (needed <= rise + 0.5) break;
    rise = needed;
  }
  // Raised more than a line, a text no longer reads as its arrow's.
  if (rise > line && !elide) return std::nullopt;
  const bool fits = to - from >= w - 0.5;
  if (!fits && !elide) return std::nullopt;
  Label label;
  label.text = whole;
  label.lines = lines;
  if (!fits) {
    w = std::max(0.0, to - from);
    x = spot.align == Spot::Align::end ? to - w : from;
    for (QString& l : label.lines) l = fm.elidedText(l, Qt::ElideRight, w);
    label.elided = label.lines != lines;
  }
  label.rect = QRectF(x, top, w, n * line);
  label.align = spot.align == Spot::Align::start ? Qt::AlignLeft
                : spot.align == Spot::Align::end ? Qt::AlignRight
                                                 : Qt::AlignHCenter;
  return label;
}

// The first place that holds the text clear of the bars and of the texts placed so far, on one line before two
// and the spots in order; else clear of the bars only; else the first spot's, elided (two lines if the text has a
// space, one if not).
Label place(const QString& whole, const QFontMetricsF& fm, const std::vector<Spot>& spots,
            const std::vector<QRectF>& bars, const std::vector<Label>& placed) {
  std::vector<QRectF> all = bars;
  for (const Label& l : placed) all.push_back(l.rect);
  for (const std::vector<QRectF>* obstacles : {static_cast<const std::vector<QRectF>*>(&all), &bars})
    for (int n = 1; n <= 2; ++n)
      for (const Spot& spot : spots)
        if (auto label = placeAt(whole, fm, spot, *obstacles, n, false)) return *label;
  if (auto label = placeAt(whole, fm, spots.front(), bars, 2, true); label && label->rect.width() >= fm.height())
    return *label;
  if (auto label = placeAt(whole, fm, spots.front(), bars, 1, true); label && label->rect.width() >= fm.height())
    return *label;
  // No room at all between the bars: the text over them rather than nothing.
  const Spot& spot = spots.front();
  const double w = std::ceil(fm.horizontalAdvance(whole));
  Label label;
  label.text = whole;
  label.lines = {whole};
  label.rect = QRectF(spot.align == Spot::Align::start ? spot.anchor
                      : spot.align == Spot::Align::end ? spot.anchor - w
                                                       : spot.anchor - w / 2,
                      spot.y, w, fm.height());
  label.align = Qt::AlignLeft;
  return label;
}

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
  // and what the lanes leave (at least a few words; longer notes wrap, or are elided where even that fails).
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

double SequenceView::laneWidth() const {
  const double n = std::max<double>(1, static_cast<double>(m_diagram.lanes.size()));
  return (width() - axisWidth() - notesWidth()) / n;
}

double SequenceView::laneX(int lane) const { return axisWidth() + (lane + 0.5) * laneWidth(); }

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

QRectF SequenceView::barRect(const SequenceDiagram::Bar& bar) const {
  const double w = chaossim::traces::bar_colours(bar.kind).width * scale();
  return {laneX(bar.lane) - w / 2, yOf(bar.y0), w, std::max(2.0, (bar.y1 - bar.y0) * timeScale())};
}

std::vector<QRectF> SequenceView::barRects() const {
  std::vector<QRectF> rects;
  for (const auto& b : m_diagram.bars) rects.push_back(barRect(b));
  return rects;
}

std::vector<SequenceView::Label> SequenceView::labels() const {
  using chaossim::traces::note_colour;
  using chaossim::traces::note_is_bold;
  std::vector<Label> out;
  if (isEmpty()) return out;
  const QFontMetricsF fm(font());
  QFont boldFont = font();
  boldFont.setBold(true);
  const QFontMetricsF boldMetrics(boldFont);
  const double line = fm.height(), s = scale(), lw = laneWidth(), right = width() - 4;
  // Texts keep clear of the bars and of the lane names' boxes.
  std::vector<QRectF> obstacles = barRects();
  obstacles.emplace_back(0, 0, width(), 4 + line * 2);
  // And of the crosses where messages were lost (drawn halfway along their arrows, 7 pixels each way at scale 1).
  for (const auto& a : m_diagram.arrows)
    if (a.lost) {
      const double k = 7 * s;
      const QPointF at((laneX(a.from) + laneX(a.to)) / 2, (yOf(a.y0) + yOf(a.y1)) / 2);
      obstacles.emplace_back(at.x() - k, at.y() - k, 2 * k, 2 * k);
    }

  // Notes right of their lane, several at one place stacked downwards.
  std::map<std::pair<int, long>, double> below;
  for (std::size_t i = 0; i < m_diagram.notes.size(); ++i) {
    const auto& note = m_diagram.notes[i];
    double& offset = below[{note.lane, std::lround(note.y)}];
    // Clear of the bars and of a reply's arrowhead that ends at this lane (8 + 9 pixels at scale 1).
    const double nx = laneX(note.lane) + 19 * s, top = yOf(note.y) + offset - line / 2;
    const bool bold = note_is_bold(note.kind);
    Label l =
        place(text(note.text), bold ? boldMetrics : fm, {{nx, right, nx, Spot::Align::start, top}}, obstacles, out);
    l.kind = Label::Kind::note;
    l.index = i;
    l.colour = colour(note_colour(note.kind));
    l.bold = bold;
    offset += static_cast<double>(l.lines.size()) * line;
    out.push_back(std::move(l));
  }

  // Bar labels left of the bar, as in the report (on the client's lane as far as the axis); one that does not fit
  // there goes right of a bar tall enough to keep it clear of the notes at the bar's ends.
  for (std::size_t i = 0; i < m_diagram.bars.size(); ++i) {
    const auto& b = m_diagram.bars[i];
    if (b.label.empty()) continue;
    const QRectF r = barRect(b);
    const double top = r.center().y() - line / 2;
    std::vector<Spot> spots{
        {b.lane == 0 ? axisWidth() : r.left() - lw * 0.75, r.left(), r.left(), Spot::Align::end, top}};
    if (r.height() >= 3 * line) spots.push_back({r.right(), right, r.right(), Spot::Align::start, top});
    Label l = place(text(b.label), fm, spots, obstacles, out);
    l.kind = Label::Kind::bar;
    l.index = i;
    l.colour = colour(chaossim::traces::kBarLabel);
    out.push_back(std::move(l));
  }

  // Arrow labels over the middle of the whole way (a lost message's label too, which would not fit over half of
  // it), between the lanes the arrow joins and a little beyond, clear of the bars there.
  for (std::size_t i = 0; i < m_diagram.arrows.size(); ++i) {
    const auto& a = m_diagram.arrows[i];
    const double dir = a.to > a.from ? 1 : -1;
    const double x0 = laneX(a.from) + dir * 8 * s, x1 = laneX(a.to) - dir * 8 * s;
    const double y0 = yOf(a.y0), midY = a.lost ? y0 : (y0 + yOf(a.y1)) / 2;
    const double lo = std::max(axisWidth(), std::min(laneX(a.from), laneX(a.to)) - lw * 0.2);
    const double hi = std::min(right, std::max(laneX(a.from), laneX(a.to)) + lw * 0.2);
    const QString words = text(a.label) + (a.late ? tr(" (too late)") : QString());
    // Over the middle; a lost message's clear of its cross.
    const double y1 = yOf(a.y1), slope = a.lost ? 0 : (y1 - y0) / (x1 - x0);
    std::vector<Spot> spots{
        {lo, hi, (x0 + x1) / 2, Spot::Align::centre, midY - line - 2 - (a.lost ? 7 * s : 0), true, slope}};
    // A steep arrow's label would rise too far from it: it goes in a corner the arrow leaves free, a corner of it
    // on a point of the line: above the line and on its lower side (right of a line going down to the right), or
    // below it and on its upper side; at the middle first, then further along either way.
    if (!a.lost && y1 != y0)
      for (const double t : {0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8}) {
        const double px = x0 + t * (x1 - x0), py = y0 + t * (y1 - y0);
        const bool downRight = slope > 0;
        spots.push_back(downRight ? Spot{px, hi, px, Spot::Align::start, py - line - 2, true}
                                  : Spot{lo, px, px, Spot::Align::end, py - line - 2, true});
        spots.push_back(downRight ? Spot{lo, px, px, Spot::Align::end, py + 2}
                                  : Spot{px, hi, px, Spot::Align::start, py + 2});
      }
    Label l = place(words, fm, spots, obstacles, out);
    l.kind = Label::Kind::arrow;
    l.index = i;
    l.colour = colour(chaossim::traces::arrow_colour(a));
    out.push_back(std::move(l));
  }
  return out;
}

bool SequenceView::event(QEvent* event) {
  // An elided text's whole words as its tooltip; elsewhere the widget's own (what the marks mean).
  if (event->type() == QEvent::ToolTip) {
    const auto* help = static_cast<QHelpEvent*>(event);
    for (const Label& l : labels())
      if (l.elided && l.rect.contains(help->pos())) {
        QToolTip::showText(help->globalPos(), l.text, this, l.rect.toAlignedRect());
        return true;
      }
  }
  return QWidget::event(event);
}

void SequenceView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), Qt::white);  // the palette's colours are chosen for white, as in the report
  if (isEmpty()) return;
  p.setRenderHint(QPainter::Antialiasing);
  using namespace chaossim::traces;
  const QFontMetricsF fm(font());
  const double line = fm.height(), s = scale(), lw = laneWidth();
  const double bottom = yOf(m_diagram.height) + line * 2.5;
  QFont bold = font();
  bold.setBold(true);

  // Lanes: a name in a box on top, a dashed lifeline down.
  for (int i = 0; i < static_cast<int>(m_diagram.lanes.size()); ++i) {
    const double cx = laneX(i);
    const QRectF box(cx - lw / 2 + 6, 4, lw - 12, line * 2);
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
    const QRectF r = barRect(b);
    p.setPen(QPen(colour(c.stroke), 1, b.cut ? Qt::DashLine : Qt::SolidLine));
    if (b.kind == SequenceDiagram::Bar::Kind::backoff) {
      p.setBrush(Qt::white);
      p.drawRect(r);
      p.setBrush(QBrush(colour(c.stroke), Qt::BDiagPattern));
    } else {
      p.setBrush(colour(c.fill));
    }
    p.drawRect(r);
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
  }

  // The texts where labels() puts them; an effect's note has a diamond on the lifeline at its first line.
  for (const Label& l : labels()) {
    if (l.kind == Label::Kind::note && note_is_effect(m_diagram.notes[l.index].kind)) {
      const double cx = laneX(m_diagram.notes[l.index].lane), ny = l.rect.top() + line / 2, d = 6 * s;
      QPolygonF diamond;
      diamond << QPointF(cx, ny - d) << QPointF(cx + d, ny) << QPointF(cx, ny + d) << QPointF(cx - d, ny);
      p.setPen(Qt::NoPen);
      p.setBrush(l.colour);
      p.drawPolygon(diamond);
    }
    p.setFont(l.bold ? bold : font());
    p.setPen(l.colour);
    for (qsizetype k = 0; k < l.lines.size(); ++k)
      p.drawText(QRectF(l.rect.left(), l.rect.top() + static_cast<double>(k) * line, l.rect.width(), line),
                 l.align | Qt::AlignVCenter | Qt::TextDontClip, l.lines[k]);
  }
}
