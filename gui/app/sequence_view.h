#pragma once
// A traced operation's sequence diagram, painted: the layout of traces/sequence_layout.h (the one the report's SVG
// draws) in the report's colours (traces/sequence_palette.h), at the widget's font. Lanes share the width; time
// runs downwards and the layout's gaps grow with the font, so workshop mode's large text keeps its room. Its
// height follows from the diagram (put it in a scroll area); heightForWidth is not needed, since the width only
// spreads the lanes.
//
// Painted rather than shown as the report's SVG through QSvgRenderer: Qt 6.4's SVG renderer (SVG Tiny 1.2) draws
// neither arrow markers nor patterns, so requests and replies would lose their heads and backoff waits their
// hatching, and an SVG scaled to the panel's width shrinks its text where a projector needs it larger.

#include <vector>

#include <QStringList>
#include <QWidget>

#include "traces/sequence_layout.h"

class SequenceView : public QWidget {
  Q_OBJECT
 public:
  explicit SequenceView(QWidget* parent = nullptr);

  void setDiagram(chaossim::traces::SequenceDiagram diagram);
  void clear();
  const chaossim::traces::SequenceDiagram& diagram() const { return m_diagram; }
  bool isEmpty() const { return m_diagram.lanes.empty(); }

  // The height it is shown in (a scroll area's viewport): time is compressed further to fit it, as far as the rows
  // keep a line of text between them; a taller diagram scrolls. 0: no limit.
  void setAvailableHeight(int height);

  // The geometry used to paint, public for tests: y of a layout row in pixels, x of a lane's lifeline, the scale
  // of the layout's units (1 at a 15-pixel line, more for larger fonts) and that of its time (scale() or less, to
  // fit the available height).
  double scale() const;
  double timeScale() const;
  double yOf(double layoutY) const;
  double laneX(int lane) const;
  double laneWidth() const;

  // Where the diagram's texts are painted, public for tests and for tooltips. Each is placed clear of the bars
  // and of the texts placed before it (notes, then bar labels, then arrow labels), on one line or two; only when
  // no such place exists does it overlap a text, and only when the bars leave no room is it elided, its whole
  // text then shown as the tooltip of its rectangle.
  struct Label {
    enum class Kind { note, bar, arrow } kind;
    QString text;         // whole
    QStringList lines;    // as painted: one or two, elided ones end in "…"
    QRectF rect;          // of the painted lines
    Qt::Alignment align;  // of each line within rect
    QColor colour;
    bool bold = false;
    bool elided = false;
    std::size_t index = 0;  // of its note, bar or arrow in the diagram
  };
  std::vector<Label> labels() const;
  // The bars, attempts, backoff waits and requests, in pixels.
  std::vector<QRectF> barRects() const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  QRectF barRect(const chaossim::traces::SequenceDiagram::Bar& bar) const;
  double axisWidth() const;
  double notesWidth() const;
  double laneMinWidth() const;
  double top() const;

  chaossim::traces::SequenceDiagram m_diagram;
  int m_available = 0;
};
