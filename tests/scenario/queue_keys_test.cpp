// The keys of queue disciplines, CoDel, criticality and cancellation: read into the config, off by default (so a
// version-1 file means what it meant), and refused with the file's line:column, the JSON path and what was expected.
#include <gtest/gtest.h>

#include "scenario/loader.h"
#include "support/scenario_text.h"

namespace chaossim {
namespace {

using nlohmann::json;
using testing::all_errors;
using testing::error_at;

TEST(queue_keys, a_queue_is_fifo_without_codel_and_nothing_cancels_by_default) {
  const LoadResult r = testing::load_json(testing::minimal_scenario());
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->services[0].queue.discipline, QueueConfig::Discipline::fifo);
  EXPECT_FALSE(r.scenario->services[0].queue.codel.has_value());
  EXPECT_FALSE(r.scenario->clients.criticality.has_value());
  EXPECT_FALSE(r.scenario->edges[0].cancel_on_abandon);
}

TEST(queue_keys, every_discipline_is_read_and_lifo_keeps_its_meaning) {
  for (const auto& [name, discipline] : {std::pair{"fifo", QueueConfig::Discipline::fifo},
                                         {"lifo", QueueConfig::Discipline::lifo},
                                         {"adaptive_lifo", QueueConfig::Discipline::adaptive_lifo},
                                         {"priority", QueueConfig::Discipline::priority}}) {
    json j = testing::minimal_scenario();
    j["services"]["api"]["queue"] = {{"discipline", name}};
    const LoadResult r = testing::load_json(j);
    ASSERT_TRUE(r.ok()) << all_errors(r);
    EXPECT_EQ(r.scenario->services[0].queue.discipline, discipline) << name;
  }
}

TEST(queue_keys, a_codel_object_turns_codel_on_with_facebooks_settings) {
  json j = testing::minimal_scenario();
  j["services"]["api"]["queue"] = {{"codel", json::object()}};
  LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  ASSERT_TRUE(r.scenario->services[0].queue.codel.has_value());
  EXPECT_EQ(r.scenario->services[0].queue.codel->target, Duration::milliseconds(5));
  EXPECT_EQ(r.scenario->services[0].queue.codel->interval, Duration::milliseconds(100));
  j["services"]["api"]["queue"]["codel"] = {{"target", "20ms"}, {"interval", "1s"}};
  r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.scenario->services[0].queue.codel, (CodelConfig{Duration::milliseconds(20), Duration::seconds(1)}));
  EXPECT_EQ(r.scenario->services[0].queue.congestion_interval(), Duration::seconds(1));
}

TEST(queue_keys, criticality_shares_and_cancellation_are_read) {
  json j = testing::minimal_scenario();
  j["clients"]["criticality"] = {{"critical", 0.25}, {"sheddable", 0.75}};
  j["edges"] = {{"clients->api", {{"cancel_on_abandon", true}}}};
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  ASSERT_TRUE(r.scenario->clients.criticality.has_value());
  EXPECT_EQ(*r.scenario->clients.criticality, (std::array<double, kCriticalities>{0.25, 0.0, 0.75}));
  EXPECT_TRUE(r.scenario->edges[0].cancel_on_abandon);
}

TEST(queue_keys, a_default_edge_passes_cancellation_on) {
  json j = testing::minimal_scenario();
  j["edges"] = {{"default", {{"cancel_on_abandon", true}}}, {"clients->api", {{"timeout", "1s"}}}};
  const LoadResult r = testing::load_json(j);
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_TRUE(r.scenario->edges[0].cancel_on_abandon);
}

TEST(queue_keys, bad_values_are_refused_at_their_line_and_column) {
  const LoadResult r = load_scenario_text(R"({
  "schema_version": 1, "name": "t", "duration": "1m",
  "services": {"api": {"workers": 4, "queue": {"discipline": "adaptive", "codel": {"target": "0ms", "intervall": "1s"}}},
               "db": {"workers": 4, "queue": {"codel": {"target": "200ms"}}}},
  "clients": {"count": 1, "target": "api", "arrival": {"process": "poisson", "rate": 1},
              "criticality": {"critical": 0.5, "default": 0.6}},
  "edges": {"clients->api": {"cancel_on_abandon": "yes"}}
})",
                                          "t.json");
  const LoadError* discipline = error_at(r, "services.api.queue.discipline");
  ASSERT_NE(discipline, nullptr) << all_errors(r);
  EXPECT_EQ(discipline->to_string(),
            "t.json:3:62: services.api.queue.discipline: expected one of fifo, lifo, adaptive_lifo, priority, found "
            "the string \"adaptive\"");
  const LoadError* target = error_at(r, "services.api.queue.codel.target");
  ASSERT_NE(target, nullptr) << all_errors(r);
  EXPECT_EQ(target->line, 3);
  const LoadError* typo = error_at(r, "services.api.queue.codel.intervall");
  ASSERT_NE(typo, nullptr) << all_errors(r);
  EXPECT_NE(typo->message.find("did you mean \"interval\"?"), std::string::npos) << typo->message;
  // A target no shorter than the interval (100ms by default) would let a congested queue wait longer.
  const LoadError* order = error_at(r, "services.db.queue.codel.target");
  ASSERT_NE(order, nullptr) << all_errors(r);
  EXPECT_EQ(order->line, 4);
  EXPECT_NE(order->message.find("is not shorter than interval 100ms"), std::string::npos) << order->message;
  const LoadError* shares = error_at(r, "clients.criticality");
  ASSERT_NE(shares, nullptr) << all_errors(r);
  EXPECT_EQ(shares->line, 6);
  EXPECT_NE(shares->message.find("add up to 1.1, expected 1"), std::string::npos) << shares->message;
  const LoadError* cancel = error_at(r, "edges.clients->api.cancel_on_abandon");
  ASSERT_NE(cancel, nullptr) << all_errors(r);
  EXPECT_EQ(cancel->line, 7);
  EXPECT_NE(cancel->message.find("expected true or false"), std::string::npos) << cancel->message;
}

TEST(queue_keys, a_share_outside_zero_to_one_and_an_unknown_class_are_refused) {
  json j = testing::minimal_scenario();
  j["clients"]["criticality"] = {{"critical", 1.5}, {"best_effort", 0.5}};
  const LoadResult r = testing::load_json(j);
  EXPECT_FALSE(r.ok());
  const LoadError* big = error_at(r, "clients.criticality.critical");
  ASSERT_NE(big, nullptr) << all_errors(r);
  EXPECT_NE(big->message.find("from 0 to 1"), std::string::npos) << big->message;
  EXPECT_NE(error_at(r, "clients.criticality.best_effort"), nullptr) << all_errors(r);
}

}  // namespace
}  // namespace chaossim
