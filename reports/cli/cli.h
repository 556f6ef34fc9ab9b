#pragma once
// The `chaossim` command line (DESIGN.md, "Command line"): run, sweep, validate, list, report. Exit codes: 0 every
// expectation holds; 1 an expectation failed; 2 invalid input or usage, or an unusable output location; 3 internal
// error; 130 interrupted by Ctrl-C, 143 by SIGTERM.

namespace chaossim {

int cli_main(int argc, char** argv);

}  // namespace chaossim
