#include "cli/progress_bar.h"

#include <algorithm>

#include <unistd.h>  // isatty: the progress bar only draws on a terminal

namespace chaossim {

ProgressBar::ProgressBar(bool enabled, double total, std::FILE* to, bool force,
                         std::chrono::milliseconds first_draw_after)
    : m_total(total), m_to(to) {
  if (enabled && (force || isatty(fileno(to))))
    m_thread = std::thread([this, first_draw_after] { loop(first_draw_after); });
}

void ProgressBar::say(const std::string& line) {
  const std::lock_guard lock(m_writing);
  if (m_drawn) std::fprintf(m_to, "\r%60s\r", "");
  m_drawn = false;
  std::fprintf(m_to, "%s\n", line.c_str());
  std::fflush(m_to);
}

void ProgressBar::stop() {
  if (!m_thread.joinable()) return;
  m_stop = true;
  m_thread.join();
  const std::lock_guard lock(m_writing);
  if (m_drawn) std::fprintf(m_to, "\r%60s\r", "");
  m_drawn = false;
  std::fflush(m_to);
}

void ProgressBar::loop(std::chrono::milliseconds first_draw_after) {
  const auto start = std::chrono::steady_clock::now();
  while (!m_stop) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (std::chrono::steady_clock::now() - start >= first_draw_after) draw();
  }
}

void ProgressBar::draw() {
  const double f = m_total > 0 ? std::min(1.0, m_done.load() / m_total) : 0.0;
  const int width = 40, filled = static_cast<int>(f * width);
  const std::lock_guard lock(m_writing);
  std::fprintf(m_to, "\r[%s%s] %3d%%", std::string(static_cast<std::size_t>(filled), '=').c_str(),
               std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), static_cast<int>(f * 100));
  std::fflush(m_to);
  m_drawn = true;
}

}  // namespace chaossim
