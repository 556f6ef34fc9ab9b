// The progress bar of `run` and `sweep`: one bar for the whole command, lines said go above it, nothing drawn
// where it is not asked for.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "cli/progress_bar.h"

namespace chaossim {
namespace {

using namespace std::chrono_literals;

std::string read_all(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
  return out;
}

std::vector<int> percentages(const std::string& out) {
  std::vector<int> p;
  const std::regex drawn(R"(\] +(\d+)%)");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), drawn); it != std::sregex_iterator(); ++it)
    p.push_back(std::stoi((*it)[1]));
  return p;
}

// Waits until the bar has drawn `percent` (the bar's thread draws every 100 ms), at most two seconds.
void wait_for(std::FILE* f, int percent) {
  for (int i = 0; i < 200; ++i) {
    const std::vector<int> p = percentages(read_all(f));
    if (!p.empty() && p.back() == percent) return;
    std::this_thread::sleep_for(10ms);
  }
}

TEST(progress_bar, one_bar_moves_on_across_batches_and_lines_said_go_above_it) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    ProgressBar bar(true, 100.0, f, /*force=*/true, 0ms);
    bar.say("points 1 to 2 of 4");
    bar.done() += 50;  // the first batch
    wait_for(f, 50);
    bar.say("points 3 to 4 of 4");
    bar.done() += 50;  // the second batch goes on from where the first ended
    wait_for(f, 100);
    bar.stop();
  }
  const std::string out = read_all(f);
  std::fclose(f);
  const std::vector<int> p = percentages(out);
  ASSERT_FALSE(p.empty()) << out;
  EXPECT_TRUE(std::is_sorted(p.begin(), p.end())) << out;  // never starts again from 0%
  EXPECT_EQ(p.back(), 100) << out;
  // The second line comes after the bar had reached 50%, on a line of its own (the bar is cleared first).
  const std::size_t half = out.find(" 50%"), second = out.find("points 3 to 4 of 4\n");
  ASSERT_NE(half, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(half, second);
  EXPECT_EQ(out[second - 1], '\r') << out;
  // Stopped, the bar leaves a cleared line behind.
  EXPECT_TRUE(out.ends_with("\r")) << out;
}

TEST(progress_bar, draws_nothing_off_a_terminal_but_still_says_its_lines) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    ProgressBar bar(true, 10.0, f, /*force=*/false, 0ms);  // a file is not a terminal
    bar.done() += 5;
    std::this_thread::sleep_for(250ms);
    bar.say("points 1 to 2 of 4");
  }
  EXPECT_EQ(read_all(f), "points 1 to 2 of 4\n");
  std::fclose(f);
}

}  // namespace
}  // namespace chaossim
