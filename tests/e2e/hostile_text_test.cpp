// Text from strangers on the command line's terminal: scenario files and lesson folders are passed around, so what
// they hold reaches stdout and stderr escaped; a seed is read exactly or refused.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "support/cli.h"

namespace chaossim {
namespace {

namespace fs = std::filesystem;
using testing::cli;

const char* kTiny = R"({"schema_version": 1, "name": "tiny", "duration": "2s",
  "services": {"api": {"workers": 2}},
  "clients": {"count": 5, "target": "api", "arrival": {"process": "poisson", "rate": 5}}})";

using Output = testing::CliOutput;
Output run_cli(const std::vector<std::string>& args) { return testing::cli_output(args); }
using testing::has_raw_escape;

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() { m_old ? ::setenv(m_name, m_old->c_str(), 1) : ::unsetenv(m_name); }

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

TEST(terminal_text, validate_escapes_keys_of_the_file_in_its_messages) {
  const fs::path dir = testing::fresh_temp_dir("text-validate");
  std::ofstream(dir / "evil.json") << R"({"schema_version": 1, "name": "t", "duration": "1m",
    "services": {"api": {"workers": 4, "\u001b]52;c;cm0gLXJmIH4=\u0007": 1}},
    "clients": {"count": 10, "target": "api", "arrival": {"process": "poisson", "rate": 10}}})";
  const Output o = run_cli({"validate", (dir / "evil.json").string()});
  EXPECT_EQ(o.status, 2);
  EXPECT_FALSE(has_raw_escape(o.err)) << o.err;
  EXPECT_NE(o.err.find("services.api.\\x1b]52;c;cm0gLXJmIH4=\\x07: unknown key"), std::string::npos) << o.err;
  fs::remove_all(dir);
}

TEST(terminal_text, list_escapes_the_titles_of_lessons) {
  const fs::path dir = testing::fresh_temp_dir("text-list");
  std::ofstream(dir / "evil.json") << R"({"schema_version": 1, "name": "evil", "title": "Nice\u001b[2K\rlesson",
    "duration": "1m", "services": {"api": {"workers": 4}},
    "clients": {"count": 10, "target": "api", "arrival": {"process": "poisson", "rate": 10}}})";
  const ScopedEnv env("CHAOSSIM_SCENARIOS", dir.c_str());
  const Output o = run_cli({"list"});
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_FALSE(has_raw_escape(o.out)) << o.out;
  EXPECT_NE(o.out.find("evil  Nice\\x1b[2K\\x0dlesson"), std::string::npos) << o.out;
  fs::remove_all(dir);
}

TEST(terminal_text, a_negative_seed_is_refused_not_clamped) {
  const fs::path dir = testing::fresh_temp_dir("text-seed-negative");
  std::ofstream(dir / "s.json") << kTiny;
  const Output o = run_cli({"run", (dir / "s.json").string(), "--quiet", "--seed", "-1", "--out", (dir / "out").string()});
  EXPECT_EQ(o.status, 2);
  EXPECT_NE(o.err.find("--seed"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("expected an unsigned 64-bit integer"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

TEST(terminal_text, a_seed_beyond_64_bits_is_refused_not_clamped) {
  const fs::path dir = testing::fresh_temp_dir("text-seed-big");
  std::ofstream(dir / "s.json") << kTiny;
  for (const char* seed : {"99999999999999999999", "18446744073709551616", "1e3", "12abc", "+5", ""}) {
    const Output o = run_cli({"run", (dir / "s.json").string(), "--quiet", "--seed", seed, "--out", (dir / "out").string()});
    EXPECT_EQ(o.status, 2) << seed;
    EXPECT_FALSE(fs::exists(dir / "out")) << seed;
  }
  fs::remove_all(dir);
}

TEST(terminal_text, the_largest_seed_is_accepted) {
  const fs::path dir = testing::fresh_temp_dir("text-seed-max");
  std::ofstream(dir / "s.json") << kTiny;
  const Output o = run_cli({"run", (dir / "s.json").string(), "--quiet", "--seed", "18446744073709551615", "--out",
                            (dir / "out").string()});
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_NE(testing::slurp(dir / "out" / "manifest.json").find("18446744073709551615"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace chaossim
