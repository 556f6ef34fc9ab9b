#pragma once
// "[=====     ] 42%" on stderr while runs go on, for a whole command: `run` draws one for its variants, `sweep` one
// for every point, however many batches the points run in. It draws only on a terminal, only once a second has
// passed, and never into a pipe or a CI log. Lines said while it is drawn (say) go above it.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace chaossim {

class ProgressBar {
 public:
  // `total` is the simulated seconds of every run of the command; done() grows towards it (runner.h).
  // `to` is a terminal or nothing is drawn; tests pass a file and `force` to see what would be drawn.
  ProgressBar(bool enabled, double total, std::FILE* to = stderr, bool force = false,
              std::chrono::milliseconds first_draw_after = std::chrono::seconds(1));
  ~ProgressBar() { stop(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  std::atomic<double>& done() { return m_done; }
  // Writes `line` and a newline, clearing the bar first when it is drawn; the bar comes back on its next tick.
  void say(const std::string& line);
  // Clears the bar for good. Idempotent.
  void stop();

 private:
  void loop(std::chrono::milliseconds first_draw_after);
  void draw();

  double m_total;
  std::FILE* m_to;
  std::atomic<double> m_done{0};
  std::atomic<bool> m_stop{false};
  std::mutex m_writing;  // the bar's thread and say() share the line
  bool m_drawn = false;  // the bar is on the line now
  std::thread m_thread;
};

}  // namespace chaossim
