#pragma once
// The `chaossim` command line (DESIGN.md, "Command line"): run, sweep, validate, list. Exit codes: 0 every
// expectation holds; 1 an expectation failed; 2 invalid input or usage; 3 internal error; 130 interrupted.

namespace chaossim {

int cli_main(int argc, char** argv);

}  // namespace chaossim
