#pragma once
// JUnit XML of a run, for the test reporters of CI systems (GitLab's, Jenkins' junit step, GitHub actions that
// publish test results): one <testsuite> per configuration (variant or sweep point), one <testcase> per
// expectation. A failed expectation is a <failure> whose text holds the measured value and the command that
// reproduces the run; a configuration an interrupted run did not finish is one <testcase> with an <error>; a
// configuration that states no expectation is one <skipped> test case, so a run that checked nothing is visible
// as such in the CI's report rather than as an empty green suite. The layout follows the de-facto schema those
// readers share (tests/reports/junit.xsd checks it).

#include <string>
#include <vector>

#include "writers.h"

namespace chaossim {

struct JunitConfig {
  std::string name;       // the variant or sweep point
  const Aggregate* result = nullptr;  // nullptr: did not finish
  std::string reproduce;  // the command line that runs exactly this configuration again
};

std::string junit_xml(const std::string& scenario, const std::vector<JunitConfig>& configs);

// Text for XML content and attribute values: markup characters escaped, and characters XML 1.0 cannot carry at all
// (control characters other than tab and line breaks, invalid UTF-8) replaced by U+FFFD.
std::string xml_text(const std::string& text);

}  // namespace chaossim
