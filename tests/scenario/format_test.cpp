#include "scenario/format.h"

#include <gtest/gtest.h>

namespace chaossim::format {
namespace {

using nlohmann::json;

Path ok(const std::variant<Path, std::string>& parsed) {
  EXPECT_TRUE(std::holds_alternative<Path>(parsed)) << std::get<std::string>(parsed);
  return std::holds_alternative<Path>(parsed) ? std::get<Path>(parsed) : Path{};
}

std::string error(const std::variant<Path, std::string>& parsed) {
  EXPECT_TRUE(std::holds_alternative<std::string>(parsed));
  return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
}

TEST(format, every_rule_below_the_root_has_a_parent_that_allows_it) {
  for (const Rule& r : rules()) {
    if (r.pattern.empty()) continue;
    const std::string p(r.pattern);
    std::string parent;
    if (p.ends_with("[]")) {
      parent = p.substr(0, p.size() - 2);
      ASSERT_NE(find_rule(parent), nullptr) << p;
      EXPECT_EQ(find_rule(parent)->kind, Kind::array) << p;
    } else if (p.ends_with(".*")) {
      parent = p.substr(0, p.size() - 2);
      ASSERT_NE(find_rule(parent), nullptr) << p;
      EXPECT_EQ(find_rule(parent)->kind, Kind::map) << p;
    } else {
      const std::size_t dot = p.rfind('.');
      parent = dot == std::string::npos ? "" : p.substr(0, dot);
      ASSERT_NE(find_rule(parent), nullptr) << p;
      EXPECT_EQ(find_rule(parent)->kind, Kind::object) << p;
    }
  }
}

TEST(format, paths_split_on_dots_only_so_edge_names_survive) {
  const Path p = ok(parse_path("edges.clients->api-v2.retry.max_attempts"));
  ASSERT_EQ(p.steps.size(), 4u);
  EXPECT_EQ(p.steps[1].key, "clients->api-v2");
  EXPECT_EQ(p.rule->pattern, "edges.*.retry.max_attempts");
  EXPECT_EQ(p.rule->kind, Kind::integer);
}

TEST(format, faults_are_addressed_by_id_and_arrays_by_index) {
  const Path f = ok(parse_path("faults.slow_db.duration"));
  ASSERT_EQ(f.steps.size(), 3u);
  EXPECT_TRUE(f.steps[1].by_id);
  EXPECT_EQ(f.rule->pattern, "faults[].duration");
  EXPECT_EQ(ok(parse_path("faults[2].probability")).rule->pattern, "faults[].probability");
  EXPECT_EQ(ok(parse_path("services.api.handler[0].work")).rule->kind, Kind::distribution);
  EXPECT_EQ(ok(parse_path("clients.arrival.profile[1]")).rule->kind, Kind::profile_point);
  EXPECT_NE(error(parse_path("expect.first.value")).find("address an item by position"), std::string::npos);
}

TEST(format, bad_paths_explain_themselves) {
  EXPECT_NE(error(parse_path("")).find("empty path"), std::string::npos);
  EXPECT_NE(error(parse_path("services..workers")).find("empty key"), std::string::npos);
  EXPECT_NE(error(parse_path("services.api.handler[x]")).find("malformed index"), std::string::npos);
  EXPECT_NE(error(parse_path("services.api.queue.capacty")).find("did you mean \"capacity\"?"), std::string::npos);
  EXPECT_NE(error(parse_path("clients.count.max")).find("has no key \"max\""), std::string::npos);
  EXPECT_NE(error(parse_path("sweep")).find("cannot be changed"), std::string::npos);
  EXPECT_NE(error(parse_path("edges.api")).find("expected an edge"), std::string::npos);
  EXPECT_NE(error(parse_path("clients[0]")).find("not an array"), std::string::npos);
}

TEST(format, apply_path_creates_missing_objects_and_reports_the_pointer) {
  json doc = json::parse(R"({"services": {"api": {"workers": 1}}, "faults": [{"id": "a"}, {"id": "b"}]})");
  Applied a = apply_path(doc, ok(parse_path("services.api.idempotency.ttl")), "1h");
  EXPECT_EQ(a.error, "");
  EXPECT_EQ(a.pointer, "/services/api/idempotency/ttl");
  EXPECT_EQ(doc["services"]["api"]["idempotency"]["ttl"], "1h");
  a = apply_path(doc, ok(parse_path("faults.b.start")), "5s");
  EXPECT_EQ(a.pointer, "/faults/1/start");
  EXPECT_EQ(doc["faults"][1]["start"], "5s");
  a = apply_path(doc, ok(parse_path("services.api.workers")), nullptr);
  EXPECT_FALSE(doc["services"]["api"].contains("workers"));
  a = apply_path(doc, ok(parse_path("faults.c.start")), "5s");
  EXPECT_EQ(a.error, "faults has no item with id \"c\"");
  doc["clients"] = 3;
  a = apply_path(doc, ok(parse_path("clients.count")), 1);
  EXPECT_EQ(a.error, "clients is the number 3, not an object");
}

TEST(format, did_you_mean_finds_close_spellings_only) {
  const std::vector<std::string> keys = {"workers", "queue", "handler", "drop_expired"};
  EXPECT_EQ(did_you_mean("wokers", keys), " (did you mean \"workers\"?)");
  EXPECT_EQ(did_you_mean("Workers", keys), " (did you mean \"workers\"?)");
  EXPECT_EQ(did_you_mean("hnadler", keys), " (did you mean \"handler\"?)");
  EXPECT_EQ(did_you_mean("colour", keys), "");
  EXPECT_EQ(did_you_mean("q", keys), "");
  EXPECT_EQ(did_you_mean("=>", {"==", "!=", "<", "<=", ">", ">="}), " (did you mean \">=\"?)");
  EXPECT_EQ(did_you_mean(std::string(10'000, 'w'), keys), "");  // bounded work on hostile input
}

TEST(format, messages_quote_user_text_safely) {
  EXPECT_EQ(quote("a\"b\n"), R"("a\"b\n")");
  const std::string long_text(100, 'x');
  EXPECT_EQ(quote(long_text).size(), 60u + 3u + 2u);
  EXPECT_EQ(describe(json(2.5)), "the number 2.5");
  EXPECT_EQ(describe(json::array()), "an array");
  EXPECT_EQ(format_number(1e6), "1000000");
}

}  // namespace
}  // namespace chaossim::format
