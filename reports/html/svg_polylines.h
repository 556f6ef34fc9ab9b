#pragma once
// Qt's SVG generator writes a chart line as one <polyline> per segment ("A B", then "B C", ...): about 100 bytes a
// point, most of a report's size. Consecutive polylines that continue one another (the next starts where the last
// ended, with the same attributes, nothing in between but white space) are joined into one ("A B C"), which draws
// the same picture in a fraction of the bytes.

#include <string>
#include <string_view>

namespace chaossim {

std::string joined_polylines(std::string_view svg);

}  // namespace chaossim
