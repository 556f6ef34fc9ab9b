#pragma once
// An SVG drawing (QSvgRenderer) shown at the width it is given, keeping its proportions: its height follows its
// width (heightForWidth), so in a scroll area it takes the panel's width and as much height as that needs. It is
// never drawn larger than `maxScale` times its natural size, where its text would only get coarse.

#include <QByteArray>
#include <QWidget>

class QSvgRenderer;

class SvgPicture : public QWidget {
  Q_OBJECT
 public:
  explicit SvgPicture(QWidget* parent = nullptr);

  // Shows this SVG document (nothing when empty or not SVG); false when it does not parse.
  bool setSvg(const QByteArray& svg);
  bool isEmpty() const;
  // The largest factor over the natural size (the SVG's viewBox at 96 dpi) it may be drawn at.
  void setMaxScale(double scale);
  // The natural size in pixels, (0, 0) when empty.
  QSizeF naturalSize() const;

  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  // The size drawn within `width`: the natural size scaled to the width, at most maxScale times it.
  QSizeF drawnSize(int width) const;

  QSvgRenderer* m_renderer;
  double m_maxScale = 1.0;
};
