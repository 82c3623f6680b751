#pragma once
// Two evaluations of the same records compared record by record (model A, then model B):
// the paired outcomes overall, by difficulty and by category, the records that flipped each
// way, McNemar's exact p-value and the 95 % interval of B's gain. `itool compare`, the run
// report, the Runs pane and the rounds' fixed_calls.jsonl use it. No torch, no Qt.
#include "core/common/json.h"
#include "core/data/record.h"
#include "core/eval/accuracy_statistics.h"
#include "core/eval/evaluation.h"

#include <map>
#include <string>
#include <vector>

namespace itool::eval {

struct PairedGroup
{
    PairedOutcomes outcomes;
    double pValue() const { return mcnemarExactP(outcomes.onlyA, outcomes.onlyB); }
    Interval gain() const { return pairedDifferenceInterval(outcomes); } // of accuracy(B) - accuracy(A)
};

struct AnswerComparison
{
    PairedGroup all;
    PairedGroup mediumAndHard; // the records the rounds are meant to fix
    std::map<std::string, PairedGroup> byDifficulty, byCategory; // names as in point_metrics.h
    std::vector<std::size_t> fixed;  // record indexes A got wrong and B right
    std::vector<std::size_t> broken; // record indexes A got right and B wrong

    // {"all": group, "medium_and_hard": group, "by_difficulty": {...}, "by_category": {...}, "fixed": [ids], "broken": [ids]};
    // a group is {"total", "both_right", "only_a", "only_b", "both_wrong", "accuracy_a",
    // "accuracy_b", "ci95_a", "ci95_b", "gain", "gain_ci95", "mcnemar_p"}.
    Json toJson(const std::vector<data::Record> &records) const;
    // The table `itool compare` prints (labels name the two sides).
    std::string toText(const std::string &labelA, const std::string &labelB) const;
};

// a and b must judge the same records, in the same order (std::invalid_argument otherwise).
AnswerComparison compareEvaluations(const std::vector<data::Record> &records, const Evaluation &a,
                                    const Evaluation &b);

// The group's JSON (see AnswerComparison::toJson).
Json pairedGroupJson(const PairedGroup &group);

// The verdicts of an answers file (answers/round-R.jsonl, itool eval --predictions): record id
// -> judged right. Throws UserError "file:line: what" on a line without "id" and "correct".
std::map<std::string, bool> readVerdicts(const std::string &path);
// Two verdict sets compared on the records both hold (for runs evaluated on other files too).
PairedGroup compareVerdicts(const std::map<std::string, bool> &a, const std::map<std::string, bool> &b);
// "45.8% -> 47.0% (fixed 12, broken 6; gain +1.2 [-0.1, +2.5] points; McNemar p 0.238)"
std::string describeGroup(const PairedGroup &group);

} // namespace itool::eval
