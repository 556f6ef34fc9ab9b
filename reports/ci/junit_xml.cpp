#include "ci/junit_xml.h"

#include <cmath>

#include "core/printable.h"  // utf8_sequence_length

namespace chaossim {

namespace {

std::string attribute(const char* name, const std::string& value) {
  return std::string(" ") + name + "=\"" + xml_text(value) + "\"";
}

std::string expectation_name(const Expectation& e) {
  std::string name = e.metric + " " + op_symbol(e.op) + " " + (e.value_text.empty() ? format_number(e.value) : e.value_text);
  if (e.phase != Expectation::Phase::overall) name += std::string(" (") + phase_name(e.phase) + ")";
  if (e.role == Expectation::Role::demonstrates) name = "demonstrates " + name;
  return name;
}

}  // namespace

std::string xml_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_sequence_length(text, i);
    const char c = text[i];
    if (n == 0 || (n == 1 && static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
        (n == 1 && c == 0x7F)) {
      out += "\xEF\xBF\xBD";
      i += n ? n : 1;
      continue;
    }
    if (n == 1) {
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
      }
    } else {
      out.append(text, i, n);
    }
    i += n;
  }
  return out;
}

std::string junit_xml(const std::string& scenario, const std::vector<JunitConfig>& configs) {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  std::string suites;
  for (const JunitConfig& c : configs) {
    std::size_t suite_tests = 0, suite_failures = 0, suite_errors = 0, suite_skipped = 0;
    std::string cases;
    const std::string classname = scenario + "." + c.name;
    if (!c.result) {
      ++suite_tests, ++suite_errors;
      cases += "    <testcase" + attribute("classname", classname) + attribute("name", "run") + " time=\"0\">\n" +
               "      <error" + attribute("message", "interrupted before this configuration finished") +
               attribute("type", "interrupted") + "/>\n    </testcase>\n";
    } else if (c.result->expectations.empty()) {
      ++suite_tests, ++suite_skipped;
      cases += "    <testcase" + attribute("classname", classname) + attribute("name", "expectations") +
               " time=\"0\">\n      <skipped" + attribute("message", "no expectations: nothing was checked") +
               "/>\n    </testcase>\n";
    }
    if (c.result)
      for (const ExpectationResult& r : c.result->expectations) {
        ++suite_tests;
        cases += "    <testcase" + attribute("classname", classname) + attribute("name", expectation_name(r.expectation)) +
                 " time=\"0\"";
        if (r.passed) {
          cases += "/>\n";
          continue;
        }
        ++suite_failures;
        const std::string measured = !r.found                 ? "no such metric in this run"
                                     : std::isnan(r.measured) ? "undefined in this run: nothing to measure"
                                                              : "measured " + format_number(r.measured);
        cases += ">\n      <failure" + attribute("message", measured) + attribute("type", "expectation") + ">" +
                 xml_text(expectation_name(r.expectation) + ": " + measured + "\nreproduce: " + c.reproduce) +
                 "</failure>\n    </testcase>\n";
      }
    tests += suite_tests, failures += suite_failures, errors += suite_errors, skipped += suite_skipped;
    suites += "  <testsuite" + attribute("name", scenario + "/" + c.name) + attribute("tests", std::to_string(suite_tests)) +
              attribute("failures", std::to_string(suite_failures)) + attribute("errors", std::to_string(suite_errors)) +
              attribute("skipped", std::to_string(suite_skipped)) + " time=\"0\">\n";
    if (c.result)
      suites += "    <properties>\n      <property name=\"seed\"" + attribute("value", std::to_string(c.result->seed)) +
                "/>\n      <property name=\"replications\"" +
                attribute("value", std::to_string(c.result->replications)) + "/>\n    </properties>\n";
    suites += cases + "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" + attribute("name", "chaossim " + scenario) +
         attribute("tests", std::to_string(tests)) + attribute("failures", std::to_string(failures)) +
         attribute("errors", std::to_string(errors)) + attribute("skipped", std::to_string(skipped)) + " time=\"0\">\n" +
         suites + "</testsuites>\n";
}

}  // namespace chaossim
