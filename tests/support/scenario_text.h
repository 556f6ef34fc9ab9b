#pragma once
// Scenarios built in a test: the smallest valid one to change one thing in, loading it, and its errors as the
// command line prints them.

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "scenario/loader.h"

namespace chaossim::testing {

// The smallest valid scenario; tests change one thing in it.
inline nlohmann::json minimal_scenario() {
  return nlohmann::json::parse(R"({
    "schema_version": 1, "name": "t", "duration": "1m",
    "services": {"api": {"workers": 4}},
    "clients": {"count": 10, "target": "api", "arrival": {"process": "poisson", "rate": 10}}
  })");
}

inline LoadResult load_json(const nlohmann::json& j) { return load_scenario_text(j.dump(2), "t.json"); }

// Every error, one per line, as to_string() prints it.
inline std::string all_errors(const LoadResult& r) {
  std::string out;
  for (const LoadError& e : r.errors) out += e.to_string() + "\n";
  return out;
}

// The first error reported at `path`, or null.
inline const LoadError* error_at(const LoadResult& r, std::string_view path) {
  for (const LoadError& e : r.errors)
    if (e.path == path) return &e;
  return nullptr;
}

// Expects an error at `path` whose message contains `text`.
inline void expect_error(const LoadResult& r, std::string_view path, std::string_view text) {
  const LoadError* e = error_at(r, path);
  ASSERT_NE(e, nullptr) << "no error at " << path << "; errors:\n" << all_errors(r);
  EXPECT_NE(e->message.find(text), std::string::npos) << e->to_string();
  EXPECT_FALSE(r.ok());
}

}  // namespace chaossim::testing
