#pragma once
// `chaossim validate FILE...`: checks scenario files and reports every error without running anything.

#include <string>
#include <vector>

namespace chaossim {

// Exit 0 when every file is valid, 2 otherwise.
int cmd_validate(const std::vector<std::string>& files);

}  // namespace chaossim
