// chaossim: the headless command-line tool. Everything lives in the reports library (cli.h), so tests can drive
// the same code.
#include "cli.h"

int main(int argc, char** argv) { return chaossim::cli_main(argc, argv); }
