#pragma once
// Text from files chaossim did not write itself (scenario files and results folders are passed around) shown on a
// terminal. A terminal acts on some bytes instead of showing them: ESC starts sequences that move the cursor,
// rewrite the title or the clipboard, or hide the rest of a message; CR and BS overwrite what was printed. Every
// string from such a file goes through printable() before it reaches stdout or stderr, so it stays text.

#include <string>
#include <string_view>

namespace chaossim {

// `text` with what a terminal would act on replaced by a visible escape, and everything else kept byte for byte
// (printable UTF-8 included, so "×", "—" and "é" read as themselves):
//  - C0 control bytes (tab, newline and ESC included) and DEL as \xNN ("\x1b");
//  - bytes that are not part of valid UTF-8 (stray continuation bytes, overlong forms, surrogates, truncated
//    sequences, anything above U+10FFFF) as \xNN, one escape per byte;
//  - the code points a terminal or a reader misreads: C1 controls (U+0080 to U+009F, of which U+009B is a
//    one-character CSI), bidirectional overrides and isolates (the "Trojan Source" reorderings) and the line and
//    paragraph separators, as \uNNNN ("\u009b", "\u202e").
// Backslashes are kept: the result is for people to read, not to be parsed back.
std::string printable(std::string_view text);

// The length of the valid UTF-8 sequence that starts at text[i] (1 for ASCII), or 0 when the bytes there are not
// valid UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);
bool is_valid_utf8(std::string_view text);

}  // namespace chaossim
