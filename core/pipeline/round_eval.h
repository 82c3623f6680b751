#pragma once
// Evaluation of a policy inside the rounds: greedy answers for held-out records, judged by
// the checker (all calls right, or no call when the gold calls none), counted overall, by
// difficulty and by category, with error types. No torch here (round_eval.cpp has it).
#include "core/common/json.h"
#include "core/data/record.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace itool::model {
class BpeTokenizer;
}

namespace itool::pipeline {

struct AccuracyBucket
{
    std::int64_t total = 0, correct = 0;
    double accuracy() const { return total ? double(correct) / double(total) : 0.0; }
};

struct RoundEval
{
    AccuracyBucket all;
    std::map<std::string, AccuracyBucket> byDifficulty, byCategory;
    std::map<std::string, std::int64_t> errorTypes;
    double meanScore = 0;
    double seconds = 0;
    std::vector<std::string> outputs; // the answers, in record order (not in toJson)
    std::vector<bool> correct;        // per answer: judged right
    Json toJson() const;
};

// Tallies raw outputs (outputs[i] answers records[i]); no model involved.
RoundEval tallyOutputs(const std::vector<data::Record> &records, const std::vector<std::string> &outputs);

// The answers of one evaluation as checker predictions, one {"id","result"} line per record
// (`itool check --records R --predictions P` reads them).
std::string predictionLines(const std::vector<data::Record> &records, const RoundEval &eval);
// The records the start policy answered wrong and a later policy answered right, as
// {"id","gold","before","after"} lines (gold: the reference answer in bracket syntax).
// before/after are predictionLines-style answers keyed by record id.
std::string fixedCallLines(const std::vector<data::Record> &records, const std::map<std::string, std::string> &before,
                           const std::map<std::string, bool> &beforeCorrect, const RoundEval &after);

} // namespace itool::pipeline
