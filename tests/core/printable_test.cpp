// printable(): untrusted text shown on a terminal stays text.
#include "core/printable.h"

#include <gtest/gtest.h>

#include <string>

namespace chaossim {
namespace {

TEST(printable, keeps_plain_text_and_printable_utf8_byte_for_byte) {
  EXPECT_EQ(printable("edges.clients->api.retry: expected \"x\""), "edges.clients->api.retry: expected \"x\"");
  EXPECT_EQ(printable("1.11× — café 日本 🙂"), "1.11× — café 日本 🙂");
  EXPECT_EQ(printable(""), "");
  EXPECT_EQ(printable("back\\slash"), "back\\slash");
}

TEST(printable, shows_escape_and_every_other_c0_control_as_a_hex_escape) {
  EXPECT_EQ(printable("\x1b]0;pwned\x07title"), "\\x1b]0;pwned\\x07title");
  EXPECT_EQ(printable("\x1b[2J"), "\\x1b[2J");
  EXPECT_EQ(printable("a\nb\rc\td\be"), "a\\x0ab\\x0dc\\x09d\\x08e");
  EXPECT_EQ(printable(std::string("nul\0byte", 8)), "nul\\x00byte");
}

TEST(printable, shows_delete_as_a_hex_escape) { EXPECT_EQ(printable("a\x7f" "b"), "a\\x7fb"); }

TEST(printable, shows_c1_controls_encoded_in_utf8_as_code_points) {
  EXPECT_EQ(printable("\xc2\x9b" "31m"), "\\u009b31m");  // U+009B is CSI on its own
  EXPECT_EQ(printable("\xc2\x80\xc2\x9f"), "\\u0080\\u009f");
  EXPECT_EQ(printable("\xc2\xa0"), "\xc2\xa0");  // U+00A0, the first code point after C1, is a plain space
}

TEST(printable, shows_bidirectional_overrides_and_line_separators_as_code_points) {
  EXPECT_EQ(printable("admin\xe2\x80\xae" "txt.exe"), "admin\\u202etxt.exe");
  EXPECT_EQ(printable("\xe2\x81\xa6" "x" "\xe2\x81\xa9"), "\\u2066x\\u2069");
  EXPECT_EQ(printable("a\xe2\x80\xa8" "b"), "a\\u2028b");
}

TEST(printable, shows_each_byte_of_invalid_utf8_as_a_hex_escape) {
  EXPECT_EQ(printable("\x9b" "31m"), "\\x9b31m");                  // a bare 8-bit CSI
  EXPECT_EQ(printable("\xff\xfe"), "\\xff\\xfe");                  // never valid
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");                  // overlong "/"
  EXPECT_EQ(printable("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");         // overlong "/" in three bytes
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");         // a surrogate
  EXPECT_EQ(printable("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
  EXPECT_EQ(printable("caf\xc3"), "caf\\xc3");                     // truncated at the end
  EXPECT_EQ(printable("\xe6\x97" "x"), "\\xe6\\x97x");             // truncated in the middle
}

TEST(printable, output_never_holds_a_byte_a_terminal_acts_on) {
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
  const std::string shown = printable(every_byte + every_byte);
  for (char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_TRUE(byte >= 0x20 && byte < 0x7F) << "byte " << static_cast<int>(byte) << " in " << shown;
  }
}

}  // namespace
}  // namespace chaossim

namespace chaossim {
namespace {

TEST(is_valid_utf8, accepts_text_and_refuses_stray_overlong_and_surrogate_bytes) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x92\xB3"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(is_valid_utf8("ok\xE2\x80"));        // cut short
  EXPECT_EQ(utf8_sequence_length("a\xC3\xA9", 1), 2u);
  EXPECT_EQ(utf8_sequence_length("a\xC3\xA9", 0), 1u);
}

}  // namespace
}  // namespace chaossim
