#pragma once
// Which cells of a metastability map to run. A map is a grid of rows (values of one parameter) by columns (values
// of another), and a condition ("recovered == 1") that holds on one side of a boundary and fails on the other. Along
// a row the boundary is found by bisection: the two ends first, then the middle of the interval where the condition
// changes, until the two sides are neighbours. A row of 100 columns costs 2 + 7 runs instead of 100; a row whose
// ends agree costs 2 and is taken as all alike. Rows are independent, so each round runs one cell of every row
// still open, in parallel.
//
// Cells not run are inferred: those between an end and the boundary take that end's side. That assumes one boundary
// per row (a condition that flips back and forth along a row is mapped at one of its flips); the report says so.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace chaossim {

class MapBisection {
 public:
  enum class Cell : std::uint8_t { unknown, holds, fails, inferred_holds, inferred_fails };

  MapBisection(std::size_t rows, std::size_t columns);

  std::size_t rows() const { return m_rows; }
  std::size_t columns() const { return m_columns; }
  // Cells are numbered row by row: cell = row * columns + column (the order of a sweep whose first axis is the
  // rows: the same folder names).
  std::size_t cell(std::size_t row, std::size_t column) const { return row * m_columns + column; }

  // The cells to run next, in increasing order: empty once every row's boundary is found.
  std::vector<std::size_t> next() const;
  // What a cell given by next() gave. A cell whose run did not finish is never recorded: its row stays open and
  // next() offers it again, so the caller stops when runs stop finishing.
  void record(std::size_t cell, bool holds);

  // A run cell, or inferred from its row (unknown while the row is open).
  Cell state(std::size_t cell) const;
  // The most cells the bisection runs: 2 per row, plus ceil(log2(columns - 1)) per row that has a boundary.
  std::size_t most_runs() const;

 private:
  struct Row {
    std::size_t low = 0, high = 0;  // the cells known to be on either side, closing in on the boundary
  };
  bool known(std::size_t row, std::size_t column) const;
  bool open(std::size_t row) const;

  std::size_t m_rows, m_columns;
  std::vector<Cell> m_cells;  // run cells: holds or fails; others unknown
  std::vector<Row> m_bounds;
};

}  // namespace chaossim
