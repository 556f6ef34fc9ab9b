#pragma once
// The report's stylesheet, inlined into the page (no external styles or fonts: the report opens offline). Colours
// pair with text and symbols (✓ ✗, "best"), so nothing is told by colour alone.

namespace chaossim {

const char* report_css();

}  // namespace chaossim
