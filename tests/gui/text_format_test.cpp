#include "app/text_format.h"

#include <limits>

#include <gtest/gtest.h>

namespace {
std::string plain(double v, int significant = 4) { return plainNumber(v, significant).toStdString(); }
}  // namespace

TEST(text_format, numbers_are_written_out_without_an_exponent) {
  EXPECT_EQ(plain(4.757e+05), "475,700");
  EXPECT_EQ(plain(475712.0), "475,700");
  EXPECT_EQ(plain(1017), "1,017");
  EXPECT_EQ(plain(123456789), "123,500,000");
  EXPECT_EQ(plain(0.9992), "0.9992");
  EXPECT_EQ(plain(0.99921), "0.9992");
  EXPECT_EQ(plain(1.5), "1.5");
  EXPECT_EQ(plain(3), "3");
  EXPECT_EQ(plain(0.000123), "0.000123");
  EXPECT_EQ(plain(-2.5), "-2.5");
  EXPECT_EQ(plain(-0.00001), "-0.00001");
  EXPECT_EQ(plain(0), "0");
  EXPECT_EQ(plain(64.0, 3), "64");
}

TEST(text_format, extremes_keep_a_readable_form) {
  EXPECT_EQ(plain(2.5e20), "2.5e+20");
  EXPECT_EQ(plain(std::numeric_limits<double>::quiet_NaN()), "–");
  EXPECT_EQ(plain(std::numeric_limits<double>::infinity()), "∞");
}

TEST(text_format, counts_agree_with_their_noun) {
  EXPECT_EQ(countOf(1, QStringLiteral("error"), QStringLiteral("errors")), QStringLiteral("1 error"));
  EXPECT_EQ(countOf(0, QStringLiteral("error"), QStringLiteral("errors")), QStringLiteral("0 errors"));
  EXPECT_EQ(countOf(12, QStringLiteral("chart"), QStringLiteral("charts")), QStringLiteral("12 charts"));
}
