// Prints the JSON Schema of scenario files, generated from the format's table, or writes it to the file named by
// its argument. The build's `schema` target writes scenarios/schema/chaossim.schema.json;
// tests/scenario/schema_test.cpp fails when that file is stale.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "scenario/json_schema.h"

int main(int argc, char** argv) {
  const std::string text = chaossim::format::json_schema().dump(2) + "\n";
  if (argc < 2) {
    std::cout << text;
    return std::cout.good() ? 0 : 1;
  }
  // Written beside the target and renamed into place, so an interrupted build never leaves half a schema.
  const std::filesystem::path out = argv[1], partial = out.string() + ".partial";
  std::ofstream(partial, std::ios::binary) << text;
  std::error_code ec;
  std::filesystem::rename(partial, out, ec);
  if (ec) std::cerr << "generate_schema: cannot write " << out << ": " << ec.message() << '\n';
  return ec ? 1 : 0;
}
