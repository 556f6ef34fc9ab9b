// A source scan that keeps the engine (everything under sim/) deterministic and Qt-free: it fails, naming file and
// line, on host randomness (std::random_device, standard engines and distributions, rand/srand), host clocks
// (std::chrono clocks, time(nullptr), gettimeofday, clock_gettime) and Qt includes. Comments and string literals
// are ignored, so code may still explain why something is banned.
//
// The scanner itself is unit-tested on in-memory sources first, so the tree scan cannot pass vacuously.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#ifndef CHAOSSIM_SOURCE_DIR
#error "CHAOSSIM_SOURCE_DIR must name the source tree (set by tests/CMakeLists.txt)"
#endif

namespace chaossim {
namespace {

struct Rule {
  const char* id;           // short name used in findings and tests
  const char* what;         // what was found
  const char* replacement;  // what to use instead
  std::regex pattern;
  bool on_preprocessor;     // matched against the line with string literals kept (for #include "...")
};

const std::vector<Rule>& rules() {
  static const char* const kRng =
      "use chaossim::Rng from core/random.h, seeded through Rng::stream(seed, kind, index), so runs are "
      "reproducible and identical on every platform";
  static const char* const kDist =
      "use chaossim::Distribution from core/distribution.h (or Rng::uniform/below/bernoulli, standard_normal); "
      "standard library distributions differ between implementations";
  static const char* const kClock =
      "use simulated time (chaossim::Instant, the time of the event being handled); the engine must never read the "
      "host clock";
  static const std::vector<Rule> kRules = {
      {"random_device", "std::random_device", kRng, std::regex(R"(\brandom_device\b)"), false},
      {"std_engine", "a standard random engine (std::mt19937 and friends)", kRng,
       std::regex(R"(\b(mt19937(_64)?|minstd_rand0?|ranlux(24|48)(_base)?|knuth_b|default_random_engine)\b)"), false},
      {"std_distribution", "a standard library distribution (std::*_distribution)", kDist,
       std::regex(R"(std::\w+_distribution\b)"), false},
      {"rand", "rand()/srand()", kRng, std::regex(R"((^|[^\w.>])s?rand\s*\()"), false},
      {"chrono_clock", "a host clock (std::chrono::system_clock/steady_clock/high_resolution_clock)", kClock,
       std::regex(R"(\b(system_clock|steady_clock|high_resolution_clock|utc_clock|tai_clock|gps_clock|file_clock)\b)"),
       false},
      {"time", "time(nullptr)", kClock,
       std::regex(R"((^|[^\w.>])(std::)?time\s*\(\s*(nullptr|NULL|0|&\s*\w+)\s*\))"), false},
      {"gettimeofday", "gettimeofday()", kClock, std::regex(R"(\bgettimeofday\b)"), false},
      {"clock_gettime", "clock_gettime()", kClock, std::regex(R"(\bclock_gettime\b)"), false},
      {"qt_include", "a Qt include (<Q...>)",
       "keep Qt out of sim/: the engine is shared by the CLI, tests and benchmarks and must build without Qt; "
       "Qt code belongs in gui/",
       std::regex(R"(^\s*#\s*include\s*[<"]\s*Q)"), true},
  };
  return kRules;
}

bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Returns `src` with comments replaced by spaces and, if `blank_strings`, the contents of string and character
// literals too (quotes kept). Newlines are always kept, so line numbers are unchanged. Understands raw strings
// (R"delim(...)delim") and digit separators (1'000'000), which are not character literals.
std::string blank_non_code(std::string_view src, bool blank_strings) {
  constexpr std::size_t npos = std::string_view::npos;
  std::string out(src);
  const std::size_t n = src.size();
  const auto blank = [&](std::size_t from, std::size_t to, bool really) {
    for (std::size_t k = from; k < to && k < n; ++k)
      if (really && out[k] != '\n') out[k] = ' ';
  };
  std::size_t i = 0;
  while (i < n) {
    const char c = src[i];
    if (c == '/' && i + 1 < n && src[i + 1] == '/') {
      const std::size_t end = std::min(src.find('\n', i), n);
      blank(i, end, true);
      i = end;
    } else if (c == '/' && i + 1 < n && src[i + 1] == '*') {
      const std::size_t close = src.find("*/", i + 2);
      const std::size_t end = close == npos ? n : close + 2;
      blank(i, end, true);
      i = end;
    } else if (c == '"' && i > 0 && src[i - 1] == 'R' &&
               (i < 2 || !is_ident(src[i - 2]) || std::string_view("8uUL").find(src[i - 2]) != npos)) {
      const std::size_t open = src.find('(', i + 1);
      if (open == npos) break;
      std::string terminator = ")";
      terminator.append(src.substr(i + 1, open - i - 1));
      terminator.push_back('"');
      const std::size_t close = src.find(terminator, open + 1);
      const std::size_t end = close == npos ? n : close + terminator.size();
      blank(i + 1, end - 1, blank_strings);
      i = end;
    } else if (c == '"' || c == '\'') {
      if (c == '\'') {
        // A quote inside a number (1'000, 0xff'ff) is a digit separator: the token it belongs to starts with a digit.
        std::size_t start = i;
        while (start > 0 && (is_ident(src[start - 1]) || src[start - 1] == '.' || src[start - 1] == '\'')) --start;
        if (start < i && std::isdigit(static_cast<unsigned char>(src[start]))) {
          ++i;
          continue;
        }
      }
      std::size_t k = i + 1;
      while (k < n && src[k] != c && src[k] != '\n') k += src[k] == '\\' ? 2 : 1;
      k = std::min(k, n);
      blank(i + 1, k, blank_strings);
      i = k + 1;
    } else {
      ++i;
    }
  }
  return out;
}

struct Finding {
  std::size_t line;  // 1-based
  std::string rule;  // Rule::id
  std::string message;
};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Scans one source text. Each finding's message reads "<path>:<line>: <what> is banned in sim/; <replacement>",
// followed by the offending line.
std::vector<Finding> scan_source(std::string_view text, const std::string& path) {
  const std::vector<std::string> original = split_lines(std::string(text));
  const std::vector<std::string> code = split_lines(blank_non_code(text, true));
  const std::vector<std::string> with_strings = split_lines(blank_non_code(text, false));
  std::vector<Finding> findings;
  for (std::size_t i = 0; i < code.size(); ++i) {
    for (const Rule& rule : rules()) {
      const std::string& line = rule.on_preprocessor ? with_strings[i] : code[i];
      if (!std::regex_search(line, rule.pattern)) continue;
      std::ostringstream msg;
      msg << path << ':' << i + 1 << ": " << rule.what << " is banned in sim/; " << rule.replacement << "\n    "
          << (i < original.size() ? original[i] : std::string());
      findings.push_back({i + 1, rule.id, msg.str()});
    }
  }
  return findings;
}

std::string join_messages(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) out += f.message + "\n";
  return out;
}

// (line, rule id) of each finding: what the scanner unit tests compare.
using LineRules = std::vector<std::pair<std::size_t, std::string>>;
LineRules lines_and_rules(const std::vector<Finding>& findings) {
  LineRules out;
  for (const Finding& f : findings) out.emplace_back(f.line, f.rule);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The scanner on in-memory sources

TEST(tidy, scanner_flags_each_banned_call_on_its_line) {
  const std::string src =
      "#include <random>\n"                                              // 1
      "std::random_device rd;\n"                                         // 2
      "std::mt19937 gen(rd());\n"                                        // 3
      "std::uniform_int_distribution<int> pick(0, 9);\n"                 // 4
      "int r = rand() % 6;\n"                                            // 5
      "void seed() { srand(42); }\n"                                     // 6
      "auto t0 = std::chrono::system_clock::now();\n"                    // 7
      "auto t1 = std::chrono::steady_clock::now();\n"                    // 8
      "auto t2 = std::chrono::high_resolution_clock::now();\n"           // 9
      "long s = time(nullptr);\n"                                        // 10
      "timeval tv; gettimeofday(&tv, nullptr);\n"                        // 11
      "timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);\n"              // 12
      "#include <QString>\n"                                             // 13
      "#  include <QtWidgets/QWidget>\n"                                 // 14
      "std::mt19937_64 g64; std::normal_distribution<double> nd;\n"      // 15
      "auto s2 = std::time(NULL); std::default_random_engine e;\n";      // 16
  const LineRules expected = {
      {2, "random_device"},  {3, "std_engine"},    {4, "std_distribution"},
      {5, "rand"},           {6, "rand"},          {7, "chrono_clock"},  {8, "chrono_clock"},
      {9, "chrono_clock"},   {10, "time"},         {11, "gettimeofday"}, {12, "clock_gettime"},
      {13, "qt_include"},    {14, "qt_include"},   {15, "std_engine"},   {15, "std_distribution"},
      {16, "std_engine"},    {16, "time"},
  };
  EXPECT_EQ(lines_and_rules(scan_source(src, "mem.cpp")), expected);
}

TEST(tidy, scanner_ignores_comments_and_string_literals) {
  const std::string src =
      "// std::mt19937 would make runs differ between standard libraries\n"
      "/* rand() and time(nullptr) are banned,\n"
      "   and so is std::chrono::steady_clock */\n"
      "const char* why = \"no std::random_device here\";\n"
      "const char* raw = R\"x(std::uniform_real_distribution \" rand() )x\";\n"
      "char q = '\"'; const char* s = \"a \\\" gettimeofday() b\";\n"
      "// #include <QString>\n"
      "int x = 1; /* srand(1) */ int y = 2;\n";
  EXPECT_EQ(lines_and_rules(scan_source(src, "mem.cpp")), LineRules{}) << join_messages(scan_source(src, "mem.cpp"));
}

TEST(tidy, scanner_does_not_flag_lookalike_identifiers) {
  const std::string src =
      "#include <queue>\n"
      "#include \"core/random.h\"\n"
      "int operand(int); int grand(int); int strand(int); int brand_new(int);\n"
      "auto v = operand(1) + grand(2) + strand(3);\n"
      "double u = rng.uniform(); auto k = rng.below(6); auto n = standard_normal(rng);\n"
      "Distribution latency_distribution; auto steady_clock_like = 1;\n"
      "Instant time(Instant t); auto e = event.time(0); auto f = ev->time(0);\n"
      "Duration runtime(nullptr_t); auto w = runtime(nullptr); auto x = m_rng.rand();\n"
      "std::int64_t clock_gettime_calls = 0;\n";
  EXPECT_EQ(lines_and_rules(scan_source(src, "mem.cpp")), LineRules{}) << join_messages(scan_source(src, "mem.cpp"));
}

TEST(tidy, scanner_is_not_confused_by_digit_separators_or_comment_markers_in_strings) {
  // If 1'000 were read as a character literal the rest of the line (and the next) would be skipped.
  const std::string src =
      "constexpr long k = 1'000'000; std::mt19937 a;\n"
      "constexpr long h = 0xff'ff; auto t = std::chrono::steady_clock::now();\n"
      "const char* url = \"http://example\"; srand(1);\n"
      "const char* c = \"/*\"; rand();\n";
  const LineRules expected = {{1, "std_engine"}, {2, "chrono_clock"}, {3, "rand"}, {4, "rand"}};
  EXPECT_EQ(lines_and_rules(scan_source(src, "mem.cpp")), expected) << join_messages(scan_source(src, "mem.cpp"));
}

TEST(tidy, finding_names_file_line_and_the_replacement) {
  const std::vector<Finding> findings =
      scan_source("int a;\nint b;\nstd::mt19937 gen;\n"
                  "auto now = std::chrono::steady_clock::now();\n#include <QObject>\n",
                  "sim/model/bad.cpp");
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_NE(findings[0].message.find("sim/model/bad.cpp:3:"), std::string::npos) << findings[0].message;
  EXPECT_NE(findings[0].message.find("chaossim::Rng"), std::string::npos) << findings[0].message;
  EXPECT_NE(findings[0].message.find("std::mt19937 gen;"), std::string::npos) << findings[0].message;
  EXPECT_NE(findings[1].message.find("sim/model/bad.cpp:4:"), std::string::npos) << findings[1].message;
  EXPECT_NE(findings[1].message.find("chaossim::Instant"), std::string::npos) << findings[1].message;
  EXPECT_NE(findings[2].message.find("sim/model/bad.cpp:5:"), std::string::npos) << findings[2].message;
  EXPECT_NE(findings[2].message.find("gui/"), std::string::npos) << findings[2].message;
}

// ---------------------------------------------------------------------------------------------------------------
// The tree

TEST(tidy, sim_sources_use_no_host_randomness_host_clocks_or_qt) {
  namespace fs = std::filesystem;
  const fs::path root = CHAOSSIM_SOURCE_DIR;
  const fs::path sim = root / "sim";
  ASSERT_TRUE(fs::is_directory(sim)) << sim << " does not exist: is CHAOSSIM_SOURCE_DIR right?";
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(sim))
    if (entry.is_regular_file()) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  // Guards against scanning the wrong directory and passing with nothing to look at.
  ASSERT_NE(std::find(files.begin(), files.end(), sim / "core" / "random.h"), files.end())
      << "sim/core/random.h not found under " << sim;

  std::vector<Finding> all;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    ASSERT_TRUE(in) << "cannot read " << file;
    std::ostringstream text;
    text << in.rdbuf();
    const std::vector<Finding> found = scan_source(text.str(), fs::relative(file, root).generic_string());
    all.insert(all.end(), found.begin(), found.end());
  }
  EXPECT_TRUE(all.empty()) << all.size() << " banned call(s) in " << files.size() << " scanned files:\n"
                           << join_messages(all);
}

}  // namespace
}  // namespace chaossim
