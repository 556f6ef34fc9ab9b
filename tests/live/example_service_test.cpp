// Live mode against the example service (examples/live/checkout_service.py) on loopback, for a few seconds: with its
// idempotency bug, every reply the proxy loses costs a duplicate charge, q + q^2 per order with 3 attempts; fixed,
// none. The ports are chosen by the OS; the duplicates are counted by the mocked payments' ledger.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/example_service.h"

namespace {

namespace fs = std::filesystem;
using chaossim::testing::free_port;
using chaossim::testing::loopback;
using chaossim::testing::start_service;

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

struct Measured {
  int exit_code = -1;
  double ops = 0, duplicates = 0;
  nlohmann::json live, compare, manifest;
  std::string report, summary;  // report.html and summary.md, with --report
};

// Live mode against the example service, `service` being how it is named: --exec '...' or --service checkout=URL.
Measured run_live_with(const std::string& variant, const std::string& service, const std::string& options) {
  const fs::path out = fs::temp_directory_path() / ("chaossim-live-test-" + std::to_string(::getpid()) + variant);
  fs::remove_all(out);
  const std::string command = std::string(CHAOSSIM_PROGRAM) + " live " + CHAOSSIM_SOURCE_DIR +
                              "/examples/live/checkout.json --variant " + variant + " " + service +
                              " --duration 3s --set clients.arrival.rate=60 --compare-sim --quiet " + options +
                              " -o " + out.string() + " > /dev/null";
  Measured m;
  const int status = std::system(command.c_str());
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (!fs::exists(out / variant / "summary.json")) return m;
  const nlohmann::json summary = read_json(out / variant / "summary.json");
  m.ops = summary["metrics"]["ops"].get<double>();
  m.duplicates = summary["metrics"]["effects.charge.duplicates"].get<double>();
  m.live = read_json(out / variant / "live.json");
  m.compare = read_json(out / variant / "compare.json");
  m.manifest = read_json(out / "manifest.json");
  std::ifstream report_html(out / "report.html"), summary_md(out / "summary.md");
  m.report.assign(std::istreambuf_iterator<char>(report_html), {});
  m.summary.assign(std::istreambuf_iterator<char>(summary_md), {});
  fs::remove_all(out);
  return m;
}

Measured run_live(const std::string& variant, const std::string& flag, const std::string& options = "") {
  return run_live_with(variant,
                       "--exec 'checkout=python3 " + std::string(CHAOSSIM_SOURCE_DIR) +
                           "/examples/live/checkout_service.py " + flag + "'",
                       options);
}

Measured run_live_against(const std::string& url, const std::string& options) {
  return run_live_with("baseline", "--service checkout=" + url, options);
}

TEST(live_example, the_buggy_service_charges_again_for_every_lost_reply_it_is_retried_for) {
  const Measured m = run_live("baseline", "");
  ASSERT_EQ(m.exit_code, 0) << "live mode failed, or an expectation of the scenario did";
  ASSERT_GT(m.ops, 100);
  // Duplicates per order: 1 when the first reply is lost (q), 2 when the second is too (q^2). Per order the count
  // has mean q + q^2 and variance q(1-q) + 4q^2 - (q + q^2)^2.
  const double q = 0.2, mean = q + q * q, var = q * (1 - q) + 4 * q * q - mean * mean;
  EXPECT_NEAR(m.duplicates, m.ops * mean, 4.5 * std::sqrt(m.ops * var))
      << m.duplicates << " duplicate charges in " << m.ops << " orders";
  EXPECT_EQ(m.live["client_connect_errors"], 0);
  // The model's column comes from the same scenario: its duplicates agree within the same noise.
  const double model = m.compare["duplicates per op"]["model"].get<double>();
  EXPECT_NEAR(model, mean, 4.5 * std::sqrt(var / m.ops)) << "the simulation of the same scenario";
}

TEST(live_example, the_fixed_service_charges_each_order_once) {
  const Measured m = run_live("fixed", "--fixed", "--report");
  ASSERT_EQ(m.exit_code, 0);
  ASSERT_GT(m.ops, 100);
  EXPECT_EQ(m.duplicates, 0);
  EXPECT_EQ(m.compare["duplicates per op"]["model"], 0);
  // The manifest, the report and its summary say the run was live, against the service chaossim started.
  EXPECT_EQ(m.manifest["mode"], "live");
  const std::string url = m.manifest["live"]["services"][0]["url"].get<std::string>();
  EXPECT_TRUE(url.starts_with("http://127.0.0.1:")) << url;
  EXPECT_NEAR(m.manifest["live"]["real_seconds"].get<double>(), 3, 0.5);
  EXPECT_NE(m.report.find("LIVE</span> measured on real services"), std::string::npos);
  EXPECT_NE(m.report.find("<code>checkout</code> at <code>" + url + "</code> (started by chaossim: "),
            std::string::npos);
  EXPECT_NE(m.report.find("3 s of wall-clock time"), std::string::npos);
  EXPECT_NE(m.summary.find("**Live run** against `checkout` at `" + url + "`, 3 s of wall-clock time."),
            std::string::npos)
      << m.summary;
}

TEST(live_example, a_service_started_once_is_tested_run_after_run_at_a_fixed_mock_port) {
  const int port = free_port(), payments = free_port();
  const pid_t service = start_service(port, payments);
  ASSERT_GT(service, 0);
  const std::string options = "--mock payments=" + std::to_string(payments);
  for (int run = 0; run < 2; ++run) {
    const Measured m = run_live_against("http://127.0.0.1:" + std::to_string(port), options);
    EXPECT_EQ(m.exit_code, 0) << "run " << run;
    EXPECT_GT(m.ops, 100) << "run " << run;
    EXPECT_GT(m.duplicates, 0) << "run " << run << ": the buggy service charges again for lost replies";
    EXPECT_EQ(m.live["client_connect_errors"], 0) << "run " << run;
  }
  kill(service, SIGTERM);
  waitpid(service, nullptr, 0);
}

TEST(live_example, a_fixed_mock_port_in_use_is_refused_with_the_reason) {
  const int port = free_port();
  // Something else listens on the port.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const sockaddr_in a = loopback(port);
  ASSERT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 1), 0);
  const fs::path err = fs::temp_directory_path() / ("chaossim-live-port-" + std::to_string(::getpid()));
  const std::string command = std::string(CHAOSSIM_PROGRAM) + " live " + CHAOSSIM_SOURCE_DIR +
                              "/examples/live/checkout.json --exec 'checkout=python3 " + CHAOSSIM_SOURCE_DIR +
                              "/examples/live/checkout_service.py' --mock payments=" + std::to_string(port) +
                              " --duration 1s --quiet -o " + err.string() + ".out > /dev/null 2> " + err.string();
  const int status = std::system(command.c_str());
  ::close(fd);
  EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 2);
  std::ifstream in(err);
  const std::string message((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(message.find("--mock payments=" + std::to_string(port) + ": cannot listen on 127.0.0.1:" +
                         std::to_string(port) + ": the port is in use"),
            std::string::npos)
      << message;
  EXPECT_FALSE(fs::exists(err.string() + ".out"));
  fs::remove(err);
}

TEST(live_example, ctrl_c_stops_the_run_and_keeps_what_was_measured) {
  const fs::path out = fs::temp_directory_path() / ("chaossim-live-interrupt-" + std::to_string(::getpid()));
  fs::remove_all(out);
  fs::remove_all(out.string() + ".interrupted");
  const std::string command = "exec " + std::string(CHAOSSIM_PROGRAM) + " live " + CHAOSSIM_SOURCE_DIR +
                              "/examples/live/checkout.json --exec 'checkout=python3 " + CHAOSSIM_SOURCE_DIR +
                              "/examples/live/checkout_service.py' --duration 60s --quiet -o " + out.string() +
                              " > /dev/null";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  kill(pid, SIGINT);
  int status = 0;
  const auto asked = std::chrono::steady_clock::now();
  waitpid(pid, &status, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(3)) << "stopped promptly";
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  const fs::path kept = out.string() + ".interrupted";
  ASSERT_TRUE(fs::exists(kept / "baseline" / "summary.json"));
  EXPECT_GT(read_json(kept / "baseline" / "summary.json")["metrics"]["ops"].get<double>(), 20);
  EXPECT_TRUE(read_json(kept / "baseline" / "live.json")["interrupted"].get<bool>());
  EXPECT_FALSE(fs::exists(out)) << "an interrupted run does not pose as a complete one";
  fs::remove_all(kept);
}

}  // namespace
