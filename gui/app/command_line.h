#pragma once
// The command line of chaossim-gui:
//   chaossim-gui [FILE] [--page form|json|system] [--screenshot OUT.png]
//   chaossim-gui --map DIR [--size WIDTHxHEIGHT] [--screenshot OUT.png]   (the Map tab with DIR/map.json)
//   chaossim-gui --run FILE [--variant NAME | --compare A,B[,C,D]] [--set PATH=VALUE]... [--workshop]
//                [--page form|json|system] [--view charts|traces] [--size WIDTHxHEIGHT] --screenshot OUT.png
//                [--live NAME=URL|PORT]... [--screenshot-after SECONDS]
// FILE is a path or the name of a bundled lesson, as for the command-line tool (`--run lost-replies`).
// --run with --screenshot runs the scenario to the end in the real window, saves a picture of the window and
// exits 0, or non-zero with a message on bad input (used by tests and for slides). FILE with --screenshot only
// opens the file (a picture of the editor, errors included). --size sets the window's size (1600x1000 for a
// screenshot, else one that fits the screen).
// --view traces shows the Traces tab, which makes the run record traces (the anatomy of a duplicate, for slides).
// --live runs the variant live against the user's services instead of simulating it (Run ▸ Run live…): a URL for
// a service the user runs, a port for a service chaossim mocks at that port. --screenshot-after takes the picture
// that many seconds into the run, while it is under way, instead of at its end.
// --help and --version print and exit 0 without a display: they are parsed before any window system is touched.

#include <optional>
#include <vector>

#include <QSize>
#include <QString>
#include <QStringList>

#include "scenario/loader.h"

struct GuiOptions {
  QString open;        // a file to open at start
  QString map;         // a map folder (chaossim map --out DIR) to open in the Map tab
  QString run;         // a file to run at start
  QString variant = QStringLiteral("baseline");
  QStringList compare;  // variants to run side by side instead of one
  std::vector<chaossim::Override> sets;
  QString screenshot;  // save a picture of the window after the run, then exit
  QString page;        // the side panel page to show: "form", "json" (the editor) or "system"
  QString view;        // the main view to show: "charts" (the default) or "traces"
  QSize size;          // the window's size, when given
  bool workshop = false;
  std::vector<std::pair<std::string, std::string>> live;  // --live NAME=VALUE, in the order given
  double screenshotAfter = -1;                            // seconds into the run; < 0: at its end
};

struct ParsedOptions {
  std::optional<GuiOptions> options;
  QString error;  // set when the command line is wrong (--help and --version print and exit at once)
};

// Parses the arguments (the program's name first). --help and --version print and exit the process with 0.
// Needs a QCoreApplication, not a display.
ParsedOptions parseGuiOptions(const QStringList& arguments);
