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

TEST(live_run, a_fixed_mock_port_is_checked_before_anything_listens) {
  const auto with_mock = [](const std::string& name, const std::string& port) {
    LiveOptions o = api_at("http://127.0.0.1:8080");
    o.mock_ports.push_back({name, port});
    return refusal(scenario(), o);
  };
  EXPECT_EQ(with_mock("pay", "9090"), "");
  EXPECT_EQ(with_mock("pay", "65535"), "");
  for (const char* bad : {"0", "65536", "-1", "90x", "", "99999999999"})
    EXPECT_NE(with_mock("pay", bad).find("expected a port from 1 to 65535"), std::string::npos) << bad;
  EXPECT_NE(with_mock("pya", "9090").find("--mock pya=9090: the scenario has no service \"pya\""), std::string::npos);
  EXPECT_NE(with_mock("api", "9090").find("api is a service you run"), std::string::npos);
  EXPECT_NE(with_mock("pay", "8080").find("port 8080 is where api listens"), std::string::npos);

  LiveOptions twice = api_at("http://127.0.0.1:8080");
  twice.mock_ports = {{"pay", "9090"}, {"pay", "9091"}};
  EXPECT_NE(refusal(scenario(), twice).find("pay is given a port twice"), std::string::npos);
}

TEST(live_run, a_fixed_port_needs_one_of_your_services_to_call_the_mock) {
  // Here the clients call the mocked service directly: no service of the user's would use a fixed port.
  const LoadResult r = load_scenario_text(R"({"schema_version": 1, "name": "c", "duration": "10s",
    "services": {"api": {"workers": 1, "handler": [{"work": "1ms"}]}, "pay": {"workers": 1, "handler": [{"effect": "charge"}]}},
    "clients": {"count": 1, "target": "pay", "arrival": {"process": "poisson", "rate": 10}}})",
                                          "c.json");
  ASSERT_TRUE(r.ok());
  LiveOptions o = api_at("http://127.0.0.1:8080");
  o.mock_ports.push_back({"pay", "9090"});
  EXPECT_NE(refusal(*r.scenario, o).find("none of your services calls pay"), std::string::npos);
}

TEST(endpoints, ports_are_digits_from_1_to_65535) {
  EXPECT_EQ(std::get<std::uint16_t>(parse_port("1")), 1);
  EXPECT_EQ(std::get<std::uint16_t>(parse_port("65535")), 65535);
  for (const char* bad : {"0", "65536", " 80", "80 ", "+80", "0x50", "port"})
    EXPECT_TRUE(std::holds_alternative<std::string>(parse_port(bad))) << bad;
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
