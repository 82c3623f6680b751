#pragma once
// Scoring raw predictions against records with the BFCL checker (core/toolcall): accuracy
// overall, by category and by difficulty, and error-type counts. No torch here.
#include "core/common/json.h"
#include "core/data/record.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace itool::pipeline {

struct EvalBucket
{
    std::int64_t total = 0;
    std::int64_t correct = 0;
    double accuracy() const { return total ? double(correct) / double(total) : 0.0; }
};

struct EvalReport
{
    EvalBucket all;
    std::map<std::string, EvalBucket> byCategory;
    std::map<std::string, EvalBucket> byDifficulty;
    std::map<std::string, std::int64_t> errorTypes;
    double meanScore = 0;

    Json toJson() const;
    std::string toText() const;
};

// results[i] is the raw model output for records[i].
EvalReport evaluateRaw(const std::vector<data::Record> &records, const std::vector<std::string> &results);

} // namespace itool::pipeline
