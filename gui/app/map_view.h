#pragma once
// The Map tab: a metastability map (map.json of `chaossim map`) as heat maps, drawn like the report's
// (html/map_section.h, the same colours from map/map_grid.h): where the boundary condition holds, or the values of
// one metric, the cells that ran in full colour, those inferred from their row's bisection pale and hatched, the
// boundary as a line. Every name in map.json is untrusted: labels are plain text, never rich text.

#include <QWidget>

#include "map/map_grid.h"

class QComboBox;
class QLabel;

class MapCanvas : public QWidget {
  Q_OBJECT
 public:
  explicit MapCanvas(QWidget* parent = nullptr);
  void setGrid(const chaossim::MapGrid* grid, int metric);  // metric < 0: the boundary's sides

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  const chaossim::MapGrid* m_grid = nullptr;
  int m_metric = -1;
};

class MapView : public QWidget {
  Q_OBJECT
 public:
  explicit MapView(QWidget* parent = nullptr);
  // Reads DIR/map.json; false with the reason in `error` when it cannot.
  bool openFolder(const QString& dir, QString* error);
  bool hasMap() const { return m_grid.has_value(); }

 private:
  void showMetric(int index);

  std::optional<chaossim::MapGrid> m_grid;
  QLabel* m_summary;
  QComboBox* m_choice;
  MapCanvas* m_canvas;
};
