#pragma once
// `chaossim list`: the bundled lessons with their titles.

namespace chaossim {

// Exit 0, or 2 when no lessons are found.
int cmd_list();

}  // namespace chaossim
