#pragma once
// The command line of chaossim-gui:
//   chaossim-gui [FILE] [--page form|json] [--screenshot OUT.png]
//   chaossim-gui --run FILE [--variant NAME | --compare A,B[,C,D]] [--set PATH=VALUE]... [--workshop]
//                [--page form|json] --screenshot OUT.png
// --run with --screenshot runs the scenario to the end in the real window, saves a picture of the window and
// exits 0, or non-zero with a message on bad input (used by tests and for slides). FILE with --screenshot only
// opens the file (a picture of the editor, errors included).

#include <optional>
#include <vector>

#include <QString>
#include <QStringList>

#include "scenario/loader.h"

struct GuiOptions {
  QString open;        // a file to open at start
  QString run;         // a file to run at start
  QString variant = QStringLiteral("baseline");
  QStringList compare;  // variants to run side by side instead of one
  std::vector<chaossim::Override> sets;
  QString screenshot;  // save a picture of the window after the run, then exit
  QString page;        // the editor page to show: "form" or "json"
  bool workshop = false;
};

struct ParsedOptions {
  std::optional<GuiOptions> options;
  QString error;  // set when the command line is wrong (--help and --version print and exit at once)
};

ParsedOptions parseGuiOptions(const QStringList& arguments);
