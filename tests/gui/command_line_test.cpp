#include "app/command_line.h"

#include <gtest/gtest.h>

#include "app/lesson_catalog.h"  // resolveScenarioArgument: what main() does with --run and FILE

namespace {
ParsedOptions parse(QStringList args) {
  args.prepend(QStringLiteral("chaossim-gui"));
  return parseGuiOptions(args);
}
}  // namespace

TEST(command_line, run_with_a_screenshot_variant_and_overrides) {
  const ParsedOptions p = parse({"--run", "lesson.json", "--variant", "fixed", "--set", "duration=1m", "--set",
                                 "edges.clients->api.retry.max_attempts=2", "--screenshot", "out.png"});
  ASSERT_TRUE(p.options) << p.error.toStdString();
  EXPECT_EQ(p.options->run, QStringLiteral("lesson.json"));
  EXPECT_EQ(p.options->variant, QStringLiteral("fixed"));
  EXPECT_EQ(p.options->screenshot, QStringLiteral("out.png"));
  ASSERT_EQ(p.options->sets.size(), 2u);
  EXPECT_EQ(p.options->sets[0].second, nlohmann::json("1m"));
  EXPECT_EQ(p.options->sets[1].second, nlohmann::json(2));
}

TEST(command_line, defaults_and_a_file_to_open) {
  const ParsedOptions p = parse({"lesson.json"});
  ASSERT_TRUE(p.options);
  EXPECT_EQ(p.options->open, QStringLiteral("lesson.json"));
  EXPECT_EQ(p.options->variant, QStringLiteral("baseline"));
  EXPECT_TRUE(p.options->screenshot.isEmpty());
}

TEST(command_line, rejects_what_cannot_work) {
  EXPECT_FALSE(parse({"--screenshot", "out.png"}).options);  // nothing to show
  EXPECT_TRUE(parse({"a.json", "--page", "json", "--screenshot", "out.png"}).options);
  EXPECT_TRUE(parse({"--run", "a.json", "--page", "system", "--screenshot", "out.png"}).options);
  EXPECT_FALSE(parse({"--run", "a.json", "--set", "nonsense"}).options);
  EXPECT_FALSE(parse({"--run", "a.json", "--set", "clients.cont=3"}).options);
  EXPECT_FALSE(parse({"--run", "a.json", "--compare", "only-one"}).options);
  EXPECT_FALSE(parse({"--run", "a.json", "--page", "charts"}).options);
  EXPECT_EQ(parse({"--run", "a.json", "--view", "traces", "--screenshot", "out.png"}).options->view, QStringLiteral("traces"));
  EXPECT_FALSE(parse({"--run", "a.json", "--view", "system"}).options);
  EXPECT_FALSE(parse({"a.json", "b.json"}).options);
  EXPECT_FALSE(parse({"--no-such-option"}).options);
  EXPECT_TRUE(parse({"--run", "a.json", "--compare", "a,b,c"}).options);
}

TEST(command_line, a_window_size_for_screenshots) {
  const ParsedOptions p = parse({"--run", "a.json", "--size", "1280x720", "--screenshot", "out.png"});
  ASSERT_TRUE(p.options) << p.error.toStdString();
  EXPECT_EQ(p.options->size, QSize(1280, 720));
  EXPECT_FALSE(parse({"a.json"}).options->size.isValid());
  EXPECT_FALSE(parse({"a.json", "--size", "1280"}).options);
  EXPECT_FALSE(parse({"a.json", "--size", "10x10"}).options);
  EXPECT_FALSE(parse({"a.json", "--size", "wide"}).options);
}

TEST(command_line, a_lesson_name_resolves_as_for_the_command_line_tool) {
  // `chaossim run lost-replies` and `chaossim-gui --run lost-replies` open the same file.
  EXPECT_TRUE(resolveScenarioArgument(QStringLiteral("lost-replies")).endsWith(QStringLiteral("/lost-replies.json")));
  EXPECT_EQ(resolveScenarioArgument(QStringLiteral("./no/such.json")), QStringLiteral("./no/such.json"));
  const QString missing = missingScenarioMessage(QStringLiteral("lost-replie"));
  EXPECT_TRUE(missing.contains(QStringLiteral("no bundled lesson of that name"))) << missing.toStdString();
  EXPECT_TRUE(missing.contains(QStringLiteral("lost-replies"))) << missing.toStdString();
}

TEST(command_line, a_live_run_names_its_services_and_may_be_pictured_while_it_runs) {
  const ParsedOptions p = parse({"--run", "checkout.json", "--live", "checkout=http://127.0.0.1:8080", "--live",
                                 "payments=9090", "--screenshot", "out.png", "--screenshot-after", "1.5"});
  ASSERT_TRUE(p.options) << p.error.toStdString();
  ASSERT_EQ(p.options->live.size(), 2u);
  using Field = std::pair<std::string, std::string>;
  EXPECT_EQ(p.options->live[0], Field("checkout", "http://127.0.0.1:8080"));
  EXPECT_EQ(p.options->live[1], Field("payments", "9090"));
  EXPECT_DOUBLE_EQ(p.options->screenshotAfter, 1.5);
  EXPECT_LT(parse({"--run", "a.json", "--screenshot", "out.png"}).options->screenshotAfter, 0) << "at the end";

  EXPECT_FALSE(parse({"--live", "checkout=http://127.0.0.1:8080"}).options);  // nothing to run
  EXPECT_FALSE(parse({"--run", "a.json", "--live", "checkout"}).options);
  EXPECT_FALSE(parse({"--run", "a.json", "--live", "=9090"}).options);
  EXPECT_FALSE(parse({"--run", "a.json", "--compare", "a,b", "--live", "checkout=9090"}).options);
  EXPECT_FALSE(parse({"--run", "a.json", "--screenshot", "o.png", "--screenshot-after", "-1"}).options);
  EXPECT_FALSE(parse({"--run", "a.json", "--screenshot", "o.png", "--screenshot-after", "nan"}).options);
  EXPECT_FALSE(parse({"--run", "a.json", "--screenshot-after", "2"}).options);  // no picture to take
}
