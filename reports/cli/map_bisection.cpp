#include "cli/map_bisection.h"

#include <stdexcept>

namespace chaossim {

MapBisection::MapBisection(std::size_t rows, std::size_t columns)
    : m_rows(rows), m_columns(columns), m_cells(rows * columns, Cell::unknown), m_bounds(rows) {
  if (rows == 0 || columns < 2) throw std::invalid_argument("a map needs a row and at least two columns");
  for (Row& r : m_bounds) r.high = columns - 1;
}

bool MapBisection::known(std::size_t row, std::size_t column) const {
  return m_cells[cell(row, column)] != Cell::unknown;
}

bool MapBisection::open(std::size_t row) const {
  const Row& b = m_bounds[row];
  if (!known(row, b.low) || !known(row, b.high)) return true;
  return m_cells[cell(row, b.low)] != m_cells[cell(row, b.high)] && b.high - b.low > 1;
}

std::vector<std::size_t> MapBisection::next() const {
  std::vector<std::size_t> out;
  for (std::size_t r = 0; r < m_rows; ++r) {
    const Row& b = m_bounds[r];
    if (!known(r, b.low)) out.push_back(cell(r, b.low));
    if (!known(r, b.high)) out.push_back(cell(r, b.high));
    if (known(r, b.low) && known(r, b.high) && open(r)) out.push_back(cell(r, (b.low + b.high) / 2));
  }
  return out;
}

void MapBisection::record(std::size_t c, bool holds) {
  const std::size_t r = c / m_columns, column = c % m_columns;
  m_cells[c] = holds ? Cell::holds : Cell::fails;
  Row& b = m_bounds[r];
  if (column == b.low || column == b.high || !known(r, b.low) || !known(r, b.high)) return;
  // A middle cell: it replaces the end of the interval that is on its side.
  (m_cells[c] == m_cells[cell(r, b.low)] ? b.low : b.high) = column;
}

MapBisection::Cell MapBisection::state(std::size_t c) const {
  if (m_cells[c] != Cell::unknown) return m_cells[c];
  const std::size_t r = c / m_columns, column = c % m_columns;
  if (open(r)) return Cell::unknown;
  const Row& b = m_bounds[r];
  // Left of the boundary the low end's side, right of it the high end's (a row whose ends agree is all one side).
  const Cell side = m_cells[cell(r, column <= b.low ? b.low : b.high)];
  return side == Cell::holds ? Cell::inferred_holds : Cell::inferred_fails;
}

std::size_t MapBisection::most_runs() const {
  std::size_t steps = 0;
  for (std::size_t gap = m_columns - 1; gap > 1; gap = (gap + 1) / 2) ++steps;
  return m_rows * (2 + steps);
}

}  // namespace chaossim
