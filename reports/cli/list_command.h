#pragma once
// `chaossim list`: the bundled lessons with their titles.

namespace chaossim {

// Exit 0, or 2 when no lessons are found. `as_json`: a JSON array of {name, file, title, valid} on stdout.
int cmd_list(bool as_json = false);

}  // namespace chaossim
