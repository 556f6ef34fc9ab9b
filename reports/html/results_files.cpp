#include "html/results_files.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>  // summary.json: a SAX pass for the metrics' order, a DOM for the rest
#include <unordered_map>

#include <fcntl.h>     // open with O_NOFOLLOW: a planted symbolic link is not followed
#include <sys/stat.h>  // fstat: only regular files are read (a FIFO or a device would block or never end)
#include <unistd.h>

namespace chaossim {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string string_at(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// A number, or NaN where the file says null (an undefined value) or holds no number.
double number_at(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : std::numeric_limits<double>::quiet_NaN();
}

// Collects the values of the top-level objects "metrics" and "ci95" in the order of the text: numbers, booleans as
// 1 or 0, null (undefined) as NaN. nlohmann's
// ordered_json would keep the order too, but it finds each key by a linear search, so 80,000 metrics took 32 s.
class MetricOrder : public nlohmann::json_sax<json> {
 public:
  using Pairs = std::vector<std::pair<std::string, double>>;
  Pairs metrics, ci95;

  bool null() override { return number(std::numeric_limits<double>::quiet_NaN()); }
  bool boolean(bool b) override { return number(b ? 1.0 : 0.0); }
  bool number_integer(number_integer_t v) override { return number(static_cast<double>(v)); }
  bool number_unsigned(number_unsigned_t v) override { return number(static_cast<double>(v)); }
  bool number_float(number_float_t v, const string_t&) override { return number(v); }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return open(true); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    if (m_depth == 1) m_top_key = k;
    if (m_depth == 2) m_key = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  bool open(bool object) {
    ++m_depth;
    if (m_depth == 2) {
      m_section = nullptr;
      if (object && (m_top_key == "metrics" || m_top_key == "ci95")) {
        // A second "metrics" replaces the first, as it does in a parsed JSON object.
        m_section = m_top_key == "metrics" ? &metrics : &ci95;
        m_section->clear();
        m_index = {};
      }
    }
    return true;
  }
  bool close() {
    if (m_depth == 2) m_section = nullptr;
    --m_depth;
    return true;
  }
  bool number(double v) {
    if (m_depth != 2 || !m_section) return true;
    const auto [it, added] = m_index.emplace(m_key, m_section->size());
    if (added)
      m_section->emplace_back(m_key, v);
    else
      (*m_section)[it->second].second = v;
    return true;
  }

  int m_depth = 0;
  std::string m_top_key, m_key;
  Pairs* m_section = nullptr;
  std::unordered_map<std::string, std::size_t> m_index;  // name -> place in *m_section
};

class FolderSource : public ResultsSource {
 public:
  explicit FolderSource(fs::path dir) : m_dir(std::move(dir)) {}

  FileText read(const std::string& relative, std::uintmax_t max_bytes) const override {
    FileText out;
    if (!folder_is_real(relative)) return out;
    const int fd = ::open((m_dir / relative).c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
      out.status = errno == ENOENT ? FileText::Status::missing : FileText::Status::unreadable;
      return out;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      out.status = FileText::Status::unreadable;
      return out;
    }
    const auto size = static_cast<std::uintmax_t>(st.st_size);
    if (size > max_bytes) {
      ::close(fd);
      out.status = FileText::Status::too_large;
      out.bytes = size;
      return out;
    }
    out.text.resize(static_cast<std::size_t>(size));
    std::size_t done = 0;
    while (done < out.text.size()) {
      const ssize_t n = ::read(fd, out.text.data() + done, out.text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    out.text.resize(done);  // a file that shrank while read is read as it was
    out.status = FileText::Status::ok;
    return out;
  }

  bool exists(const std::string& relative) const override {
    std::error_code ec;
    return folder_is_real(relative) && fs::symlink_status(m_dir / relative, ec).type() == fs::file_type::regular;
  }

  std::vector<std::string> folders_with_summary(std::size_t max) const override {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end && names.size() < max; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      std::error_code e2;
      if (it->symlink_status(e2).type() == fs::file_type::directory && exists(name + "/summary.json"))
        names.push_back(name);
    }
    return names;
  }

  std::string where(const std::string& relative) const override { return (m_dir / relative).string(); }

 private:
  // The sub-folder of a path such as "baseline/summary.json" must be a folder, not a link to one elsewhere.
  bool folder_is_real(const std::string& relative) const {
    const std::size_t slash = relative.find('/');
    if (slash == std::string::npos) return true;
    std::error_code ec;
    return fs::symlink_status(m_dir / relative.substr(0, slash), ec).type() == fs::file_type::directory;
  }

  fs::path m_dir;
};

}  // namespace

// The metrics of phase `during` a report shows beside the overall ones (the decision summary's amplification).
constexpr const char* kDuringMetrics[] = {"amplification"};

std::variant<VariantResults, std::string> parse_summary_json(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::string("not a JSON object");
  MetricOrder order;
  json::sax_parse(text, &order);
  VariantResults v;
  v.metrics = std::move(order.metrics);
  v.ci95 = std::move(order.ci95);
  if (const auto n = j.find("replications"); n != j.end() && n->is_number_unsigned())
    v.replications = n->get<std::size_t>();
  if (const auto during = j.find("phases"); during != j.end() && during->is_object())
    if (const auto d = during->find("during"); d != during->end() && d->is_object())
      for (const char* m : kDuringMetrics)
        if (const auto x = d->find(m); x != d->end()) v.during.emplace(m, x->is_number() ? x->get<double>() : NAN);
  if (const auto list = j.find("expectations"); list != j.end() && list->is_array())
    for (const json& e : *list) {
      if (!e.is_object()) continue;
      Verdict r;
      r.metric = string_at(e, "metric");
      r.op = string_at(e, "op");
      r.phase = string_at(e, "phase");
      r.role = string_at(e, "role");
      r.value = number_at(e, "value");
      r.measured = number_at(e, "measured");
      const auto passed = e.find("passed");
      r.passed = passed != e.end() && passed->is_boolean() && passed->get<bool>();
      r.error = string_at(e, "error");
      v.verdicts.push_back(std::move(r));
    }
  return v;
}

std::unique_ptr<ResultsSource> folder_source(const fs::path& dir) { return std::make_unique<FolderSource>(dir); }

FileText InMemoryResults::read(const std::string& relative, std::uintmax_t max_bytes) const {
  FileText out;
  const auto it = m_files.find(relative);
  if (it == m_files.end()) return out;
  if (it->second.size() > max_bytes) {
    out.status = FileText::Status::too_large;
    out.bytes = it->second.size();
    return out;
  }
  out.status = FileText::Status::ok;
  out.text = it->second;
  return out;
}

bool InMemoryResults::exists(const std::string& relative) const { return m_files.count(relative) > 0; }

std::vector<std::string> InMemoryResults::folders_with_summary(std::size_t max) const {
  std::vector<std::string> names;
  const std::string file = "/summary.json";
  for (const auto& [path, text] : m_files) {
    if (names.size() >= max) break;
    if (path.size() > file.size() && path.compare(path.size() - file.size(), file.size(), file) == 0 &&
        path.find('/') == path.size() - file.size())
      names.push_back(path.substr(0, path.size() - file.size()));
  }
  return names;
}

std::string InMemoryResults::where(const std::string& relative) const { return (m_dir / relative).string(); }

}  // namespace chaossim
