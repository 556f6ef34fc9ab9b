#pragma once
// How a metric's value is written into the results files, the one place that decides it for summary.json,
// results.json, sweep.csv and timeseries.csv: undefined values (NaN) are null in JSON and an empty cell in CSV,
// never 0; a `boolean` metric of one run is true or false (over several replications, the share of runs where it
// held); a whole number is written without a fraction ("44756", not "44756.0"); everything else is the shortest
// decimal that reads back to the value, which the aggregate has already rounded.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace chaossim {

nlohmann::ordered_json metric_json(std::string_view metric, double value, std::size_t replications);
// A number of a results file that is no metric (a half-width, a threshold): null when undefined.
nlohmann::ordered_json number_json(double value);

std::string metric_cell(std::string_view metric, double value, std::size_t replications);
// A CSV cell for a number: empty when undefined.
std::string number_cell(double value);
std::string boolean_cell(bool value);

// Shortest decimal spelling that reads back to the same double ("0.1", "120000", "2.5e-07"); "0" for a value that
// is not finite (callers that can meet one write number_cell or number_json instead).
std::string format_number(double v);

}  // namespace chaossim
