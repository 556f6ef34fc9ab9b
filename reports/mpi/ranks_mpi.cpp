// The MPI side of ranks.h: rank 0 hands out runs, the other ranks run them and send back their results.
//
// Messages (bytes, MPI_BYTE, on MPI_COMM_WORLD):
//   rank -> 0   kReady     once, when the rank starts serving
//   rank -> 0   kResult    job index (8 bytes), then the result (result_wire.h)
//   rank -> 0   kFailed    job index (8 bytes), then what went wrong (text)
//   0 -> rank   kDocument  the scenario file's name, a zero byte, the document's JSON (before the rank's first run)
//   0 -> rank   kWork      a job as JSON: index, name, seed, trace, overrides
//   0 -> rank   kStop
// A rank has at most one run at a time; rank 0 answers each result or failure with the next job, so a rank that
// drew long runs simply asks less often.
#include <mpi.h>  // Open MPI (libopenmpi-dev): point-to-point messages between the ranks

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <optional>
#include <stdexcept>
#include <thread>

#include "core/printable.h"
#include "mpi/ranks.h"
#include "mpi/result_wire.h"

namespace chaossim::mpi {

namespace {

enum Tag : int { kReady = 1, kResult, kFailed, kDocument, kWork, kStop };

struct Message {
  int source = 0;
  int tag = 0;
  std::string bytes;
};

void send(int to, Tag tag, const std::string& bytes = {}) {
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD);
}

// The next message from `source` (MPI_ANY_SOURCE: from anyone), or nothing once `stop` says to give up waiting.
// It looks, then sleeps a little longer each time up to a millisecond: a blocking MPI_Recv spins its core at 100%
// in Open MPI, and rank 0 waits most of the sweep, on a machine whose cores the other ranks' runs need.
std::optional<Message> next_message(int source, const std::function<bool()>& stop = {}) {
  auto pause = std::chrono::microseconds(0);
  for (;;) {
    int arrived = 0;
    MPI_Status status;
    MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status);
    if (arrived) {
      int size = 0;
      MPI_Get_count(&status, MPI_BYTE, &size);
      Message m{status.MPI_SOURCE, status.MPI_TAG, std::string(static_cast<std::size_t>(size), '\0')};
      MPI_Recv(m.bytes.data(), size, MPI_BYTE, m.source, m.tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      return m;
    }
    if (stop && stop()) return std::nullopt;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2 + std::chrono::microseconds(20), std::chrono::microseconds(1000));
  }
}

std::string with_job(std::uint64_t job, const std::string& rest) {
  std::string out(sizeof job, '\0');
  std::memcpy(out.data(), &job, sizeof job);
  return out + rest;
}

std::uint64_t job_of(const std::string& bytes) {
  std::uint64_t job = 0;
  if (bytes.size() < sizeof job) throw wire::WireError("a rank's message has no job number");
  std::memcpy(&job, bytes.data(), sizeof job);
  return job;
}

// What a serving rank keeps between runs: the document, and the scenario of the point it ran last (replications of
// a point often come one after another, and building a large scenario takes milliseconds).
class Server {
 public:
  explicit Server(const std::atomic<bool>& cancel) : m_cancel(cancel) {
    if (const char* fail = std::getenv(kFailRunsVariable)) m_fail_runs = fail;
  }

  void take_document(const std::string& bytes) {
    const auto zero = bytes.find('\0');
    if (zero == std::string::npos) throw std::runtime_error("rank 0 sent a document without a file name");
    auto parsed = parse_scenario_document(std::string_view(bytes).substr(zero + 1), bytes.substr(0, zero));
    m_document.reset();
    m_document_errors.clear();
    if (auto* errors = std::get_if<std::vector<LoadError>>(&parsed))
      for (const LoadError& e : *errors) m_document_errors += e.to_string() + "; ";
    else
      m_document = std::move(std::get<ScenarioDocument>(parsed));
  }

  // Runs one job and answers rank 0 with its result or what went wrong.
  void run(const std::string& work) {
    std::uint64_t job = 0;
    try {
      const nlohmann::json j = nlohmann::json::parse(work);
      job = j.at("job").get<std::uint64_t>();
      const std::string name = j.at("name").get<std::string>();
      if (!m_fail_runs.empty() && name == m_fail_runs)
        throw std::runtime_error(std::string(kFailRunsVariable) + " asked this rank to fail the runs of " + name);
      RunJob run{scenario(j.at("overrides")), name, j.at("seed").get<std::uint64_t>(), j.at("trace").get<bool>()};
      const JobOutcome outcome = run_job(run, &m_cancel);
      if (!outcome.completed) throw std::runtime_error("interrupted");
      send(0, kResult, with_job(job, wire::encode(outcome.result)));
    } catch (const std::exception& e) {
      // bad_alloc included: the rank stays up and says which run it could not do.
      send(0, kFailed, with_job(job, e.what()));
    }
  }

 private:
  std::shared_ptr<const Scenario> scenario(const nlohmann::json& overrides) {
    const std::string key = overrides.dump();
    if (m_scenario && key == m_scenario_key) return m_scenario;
    if (!m_document) throw std::runtime_error("cannot read the scenario: " + m_document_errors);
    std::vector<Override> list;
    for (const nlohmann::json& o : overrides) list.emplace_back(o.at(0).get<std::string>(), o.at(1));
    LoadResult built = build_scenario(*m_document, list);
    if (!built.ok()) {
      std::string why;
      for (const LoadError& e : built.errors) why += e.to_string() + "; ";
      throw std::runtime_error("cannot build the point: " + why);
    }
    m_scenario = std::make_shared<const Scenario>(std::move(*built.scenario));
    m_scenario_key = key;
    return m_scenario;
  }

  const std::atomic<bool>& m_cancel;
  std::string m_fail_runs;
  std::optional<ScenarioDocument> m_document;
  std::string m_document_errors;
  std::shared_ptr<const Scenario> m_scenario;
  std::string m_scenario_key;
};

class MpiRanks final : public Ranks {
 public:
  MpiRanks() {
    int provided = 0;
    // Only the main thread calls MPI (the progress bar's thread never does).
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m_size);
    m_ready.assign(static_cast<std::size_t>(m_size), false);
    m_has_document.assign(static_cast<std::size_t>(m_size), false);
    m_busy.assign(static_cast<std::size_t>(m_size), false);
  }

  ~MpiRanks() override {
    if (m_rank == 0) {
      // Every rank says it is ready once, and answers every run it was given: take those answers before saying
      // stop, so that no rank is left blocked in a send nobody receives.
      const auto waiting = [&] {
        for (int r = 1; r < m_size; ++r)
          if (!m_ready[static_cast<std::size_t>(r)] || m_busy[static_cast<std::size_t>(r)]) return true;
        return false;
      };
      while (waiting())
        if (auto m = next_message(MPI_ANY_SOURCE)) note_answer(*m);
      for (int r = 1; r < m_size; ++r) send(r, kStop);
    }
    MPI_Finalize();
  }

  int rank() const override { return m_rank; }
  int size() const override { return m_size; }

  int serve(const std::atomic<bool>& cancel) override {
    Server server(cancel);
    send(0, kReady);
    for (;;) {
      const Message m = *next_message(0);
      if (m.tag == kStop) return 0;
      if (m.tag == kDocument) server.take_document(m.bytes);
      if (m.tag == kWork) server.run(m.bytes);
    }
  }

  void use_document(const ScenarioDocument& document) override {
    // An absolute name: the ranks may start elsewhere, and files the scenario names are found beside it.
    std::error_code ec;
    const std::filesystem::path file = std::filesystem::absolute(document.file, ec);
    m_document = (ec ? document.file : file.string()) + '\0' + document.json.dump();
    m_has_document.assign(static_cast<std::size_t>(m_size), false);
  }

  std::vector<JobOutcome> run(const std::vector<RunJob>& jobs,
                              const std::function<std::vector<Override>(std::size_t)>& overrides_of,
                              const std::function<void(std::size_t, const JobOutcome&)>& on_done,
                              std::atomic<double>* progress, const std::atomic<bool>& cancel,
                              std::vector<RunFailure>& failures) override {
    std::vector<JobOutcome> out(jobs.size());
    std::vector<int> ran_on(jobs.size(), 0);
    std::deque<int> idle;
    for (int r = 1; r < m_size; ++r)
      if (m_ready[static_cast<std::size_t>(r)] && !m_busy[static_cast<std::size_t>(r)]) idle.push_back(r);
    std::size_t next = 0, in_flight = 0;
    for (;;) {
      while (next < jobs.size() && !idle.empty() && !cancel.load()) {
        const int r = idle.front();
        idle.pop_front();
        hand_out(r, next, jobs[next], overrides_of(next));
        ran_on[next++] = r;
        ++in_flight;
      }
      if (in_flight == 0 && (next == jobs.size() || cancel.load())) break;
      // Waiting stops at a cancellation only when nothing is out; otherwise the runs out end soon (their ranks
      // had the signal too) and their answers are taken.
      auto m = next_message(MPI_ANY_SOURCE, [&] { return in_flight == 0 && cancel.load(); });
      if (!m) continue;
      const bool was_busy = m_busy[static_cast<std::size_t>(m->source)];
      note_answer(*m);
      idle.push_back(m->source);
      if (!was_busy) continue;  // a rank's first "ready"
      --in_flight;
      const std::size_t i = job_of(m->bytes);
      if (i >= jobs.size() || ran_on[i] != m->source)
        throw std::runtime_error("rank " + std::to_string(m->source) + " answered a run it was not given");
      if (m->tag == kResult) {
        out[i].result = wire::decode_result(m->bytes.substr(sizeof(std::uint64_t)));
        out[i].completed = true;
        if (progress) progress->store(progress->load() + jobs[i].scenario->duration.seconds_f());
        if (on_done) on_done(i, out[i]);
      } else if (!(cancel.load() && m->bytes.substr(sizeof(std::uint64_t)) == "interrupted")) {
        failures.push_back(
            {jobs[i].variant, jobs[i].seed, m->source, printable(m->bytes.substr(sizeof(std::uint64_t)))});
      }
    }
    return out;
  }

 private:
  void hand_out(int r, std::size_t i, const RunJob& job, const std::vector<Override>& overrides) {
    if (!m_has_document[static_cast<std::size_t>(r)]) {
      send(r, kDocument, m_document);
      m_has_document[static_cast<std::size_t>(r)] = true;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [path, value] : overrides) list.push_back({path, value});
    const nlohmann::json work = {
        {"job", i}, {"name", job.variant}, {"seed", job.seed}, {"trace", job.trace}, {"overrides", list}};
    send(r, kWork, work.dump());
    m_busy[static_cast<std::size_t>(r)] = true;
  }

  // Books a message from a serving rank: its first "ready", or the answer to its run.
  void note_answer(const Message& m) {
    if (m.source <= 0 || m.source >= m_size) throw std::runtime_error("a message from an unknown rank");
    const auto r = static_cast<std::size_t>(m.source);
    if (m.tag == kReady)
      m_ready[r] = true;
    else if (m.tag == kResult || m.tag == kFailed)
      m_busy[r] = false;
    else
      throw std::runtime_error("rank " + std::to_string(m.source) + " sent an unexpected message");
  }

  int m_rank = 0, m_size = 1;
  std::string m_document;
  std::vector<bool> m_ready, m_has_document, m_busy;
};

}  // namespace

std::unique_ptr<Ranks> Ranks::join(std::string&) { return std::make_unique<MpiRanks>(); }

}  // namespace chaossim::mpi
