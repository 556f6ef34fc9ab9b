// What live mode refuses before anything starts: a service the scenario lacks, a host that is not loopback unless
// the user names it, a fault it cannot apply to a process it does not control, a load beyond its bounds.
#include <gtest/gtest.h>

#include "live/endpoints.h"
#include "live/live_run.h"
#include "scenario/loader.h"

namespace chaossim::live {
namespace {

Scenario scenario(const std::string& faults = "[]", const std::string& rate = "10") {
  const LoadResult r = load_scenario_text(R"({"schema_version": 1, "name": "c", "duration": "10s",
    "services": {"api": {"workers": 1, "handler": [{"call": "pay"}]}, "pay": {"workers": 1, "handler": [{"effect": "charge"}]}},
    "clients": {"count": 1, "target": "api", "arrival": {"process": "poisson", "rate": )" +
                                              rate + R"(}},
    "faults": )" + faults + "}",
                                          "c.json");
  EXPECT_TRUE(r.ok());
  return *r.scenario;
}

std::string refusal(const Scenario& s, const LiveOptions& o) {
  try {
    check_live_run(s, o);
  } catch (const LiveError& e) {
    return e.what();
  }
  return "";
}

LiveOptions api_at(const std::string& url, std::vector<std::string> allowed = {}) {
  LiveOptions o;
  o.services = {{"api", url, ""}};
  o.allowed_hosts = std::move(allowed);
  return o;
}

TEST(live_run, a_loopback_service_is_accepted) { EXPECT_EQ(refusal(scenario(), api_at("http://127.0.0.1:8080")), ""); }

TEST(live_run, a_remote_host_needs_to_be_named) {
  EXPECT_NE(refusal(scenario(), api_at("http://10.1.2.3:8080")).find("--allow-remote 10.1.2.3"), std::string::npos);
  EXPECT_EQ(refusal(scenario(), api_at("http://10.1.2.3:8080", {"10.1.2.3"})), "");
  EXPECT_NE(refusal(scenario(), api_at("https://127.0.0.1:8080")).find("http://HOST:PORT"), std::string::npos);
  EXPECT_NE(refusal(scenario(), api_at("http://127.0.0.1:99999")).find("port"), std::string::npos);
}

TEST(live_run, a_service_the_scenario_lacks_and_a_mock_that_would_call_others_are_refused) {
  LiveOptions o = api_at("http://127.0.0.1:8080");
  o.services[0].name = "ap";
  EXPECT_NE(refusal(scenario(), o).find("no service \"ap\""), std::string::npos);
  o.services[0].name = "pay";  // then api, which calls pay, would have to be mocked
  EXPECT_NE(refusal(scenario(), o).find("calls others"), std::string::npos);
}

TEST(live_run, faults_it_cannot_apply_and_loads_beyond_its_bounds_are_refused) {
  const auto fault = [](const char* type, const char* target) {
    return std::string(R"([{"id": "f", "type": ")") + type + R"(", "target": ")" + target + R"(", "workers": 1}])";
  };
  EXPECT_NE(refusal(scenario(fault("capacity", "api")), api_at("http://127.0.0.1:1")).find("faults.f"),
            std::string::npos);
  EXPECT_EQ(refusal(scenario(R"([{"id": "f", "type": "error", "target": "api", "probability": 0.5}])"),
                    api_at("http://127.0.0.1:1")),
            "");
  EXPECT_NE(refusal(scenario("[]", "6000"), api_at("http://127.0.0.1:1")).find("5000"), std::string::npos);
}

TEST(endpoints, urls_read_as_loopback_targets) {
  const auto t = std::get<HttpTarget>(parse_target("http://localhost:8080/", {}));
  EXPECT_EQ(t.endpoint.port(), 8080);
  EXPECT_TRUE(t.endpoint.address().is_loopback());
  EXPECT_TRUE(std::get<HttpTarget>(parse_target("http://[::1]:9", {})).endpoint.address().is_v6());
  EXPECT_EQ(url_of(t.endpoint), "http://127.0.0.1:8080");
}

}  // namespace
}  // namespace chaossim::live
