// reports/html/svg_polylines.h: a line Qt writes segment by segment becomes one polyline, drawing the same points.
#include "html/svg_polylines.h"

#include <gtest/gtest.h>

namespace chaossim {
namespace {

constexpr const char* kSegment = R"(<polyline fill="none" vector-effect="none" points="%s " />)";

std::string segment(const std::string& points) {
  std::string s = kSegment;
  s.replace(s.find("%s"), 2, points);
  return s;
}

TEST(svg_polylines, segments_that_continue_each_other_become_one_line) {
  const std::string svg = "<g stroke=\"#0072B2\">\n" + segment("1,2 3,4") + "\n" + segment("3,4 5,6") + "\n" +
                          segment("5,6 7,8") + "\n</g>";
  EXPECT_EQ(joined_polylines(svg),
            "<g stroke=\"#0072B2\">\n" + std::string(R"(<polyline fill="none" vector-effect="none" points="1,2 3,4 5,6 7,8" />)") +
                "\n</g>");
}

TEST(svg_polylines, a_gap_another_group_or_other_attributes_keep_lines_apart) {
  // A jump (the next segment starts elsewhere: a line broken at a gap), a new group (another colour) and other
  // attributes each end the line.
  const std::string jump = segment("1,2 3,4") + segment("9,9 10,10");
  EXPECT_EQ(joined_polylines(jump), R"(<polyline fill="none" vector-effect="none" points="1,2 3,4" />)"
                                    R"(<polyline fill="none" vector-effect="none" points="9,9 10,10" />)");
  const std::string groups = segment("1,2 3,4") + "</g><g stroke=\"#D55E00\">" + segment("3,4 5,6");
  EXPECT_EQ(joined_polylines(groups), R"(<polyline fill="none" vector-effect="none" points="1,2 3,4" /></g><g stroke="#D55E00">)"
                                      R"(<polyline fill="none" vector-effect="none" points="3,4 5,6" />)");
  const std::string other = segment("1,2 3,4") + R"(<polyline fill="#fff" vector-effect="none" points="3,4 5,6 " />)";
  EXPECT_EQ(joined_polylines(other).find("1,2 3,4 5,6"), std::string::npos);
}

TEST(svg_polylines, anything_that_is_not_a_complete_polyline_is_left_as_it_was) {
  for (const std::string& svg : {std::string("<svg><text>a</text></svg>"), std::string("<polyline points=\"1,2"),
                                 std::string("<polyline fill=\"none\">"), std::string("")})
    EXPECT_EQ(joined_polylines(svg), svg);
}

}  // namespace
}  // namespace chaossim
