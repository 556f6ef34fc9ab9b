#pragma once
// The files a run leaves behind (the results contract of docs/scenario-format.md): <out>/<variant>/summary.json and
// timeseries.csv, each written with write_file_atomic (output_file.h). Values are written by result_values.h.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>  // ordered_json keeps the contract's key order

#include "aggregate.h"
#include "output_file.h"  // write_file_atomic
#include "result_values.h"

namespace chaossim {

// summary.json's object (and each variant's entry of results.json).
nlohmann::ordered_json summary_object(const Aggregate& a);
std::string summary_json(const Aggregate& a);
std::string timeseries_csv(const std::vector<std::string>& columns, const std::vector<double>& rows);

void write_variant_outputs(const std::filesystem::path& variant_dir, const Aggregate& a);

}  // namespace chaossim
