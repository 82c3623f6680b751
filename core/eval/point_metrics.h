#pragma once
// What one evaluation of a model on a test set measured: accuracy overall, by category and
// by difficulty, and how many fragment errors of each type the checker found. A plain value
// with a JSON form (the "metrics" of a decay.json point). No torch.
// What it is not: the checker (core/toolcall), the judging of answers (evaluation.h) or the
// decoding (model/predictor.h).
#include "core/common/json.h"
#include "core/data/record.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace itool::eval {

struct Tally
{
    std::int64_t total = 0, correct = 0;
    double accuracy() const { return total > 0 ? double(correct) / double(total) : 0.0; }
    bool operator==(const Tally &) const = default;
};

struct PointMetrics
{
    Tally overall;
    std::map<std::string, Tally> byCategory;   // "simple", "parallel", ... ("none" for no-call)
    std::map<std::string, Tally> byDifficulty; // "easy", "medium", "hard", "unset"
    // Every fragment error of every prediction, by BFCL error type (one prediction can add
    // several), and the first error type per wrong prediction.
    std::map<std::string, std::int64_t> fragmentErrors;
    std::map<std::string, std::int64_t> firstErrors;

    // Adds one judged prediction. errorKinds: every fragment error's kind (empty when correct).
    void add(const data::Record &record, bool correct, const std::vector<std::string> &errorKinds);
    bool operator==(const PointMetrics &) const = default;
};

std::string categoryName(const data::Record &record); // Record::category, inferred when None
std::string difficultyName(const data::Record &record);

Json toJson(const PointMetrics &metrics);
// Throws UserError naming the field when the shape is wrong (`where` prefixes the message).
PointMetrics pointMetricsFromJson(const Json &json, const std::string &where);

} // namespace itool::eval
