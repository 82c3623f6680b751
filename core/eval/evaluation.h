#pragma once
// The one evaluation of answers against records, used by `itool eval`, `itool compare`, the
// rounds (eval.json, answers/round-R.jsonl) and the decay experiment: every answer judged by
// the checker (all calls right, or no call when the gold calls none: BFCL's irrelevance
// rule), its graded score and fragment errors, and the tallies with 95 % intervals. Answers
// come from anywhere (a model's greedy decoding, model/predictor.h, or a predictions file).
// No torch, no Qt. What it is not: decoding (model/predictor.h) or the checker's rules.
#include "core/common/json.h"
#include "core/data/record.h"
#include "core/eval/point_metrics.h"

#include <string>
#include <vector>

namespace itool::eval {

struct Judgement
{
    bool correct = false;
    double score = -1.0;                 // the checker's graded score in [-1, 1]
    std::vector<std::string> errorKinds; // every fragment error's kind; empty when correct
};

// Judges one answer text against a record.
Judgement judgeAnswer(const data::Record &record, const std::string &answer);

struct Evaluation
{
    std::vector<std::string> ids;     // the records' ids, in record order
    std::vector<std::string> answers; // answers[i] answers records[i]
    std::vector<Judgement> judgements;
    PointMetrics metrics;
    double meanScore = 0.0;
    double seconds = 0.0; // time to produce the answers (set by the caller), 0 when unknown

    // The tallies (point_metrics.h JSON, each with "ci95") plus "mean_score" and "seconds".
    Json toJson() const;
    // The table `itool eval` prints: accuracy with its 95 % interval overall, by difficulty
    // (medium and hard together too) and by category, first error types, mean score.
    std::string toText() const;
    // One {"id", "result", "correct", "score", "errors"} line per record: what `itool check`
    // and `itool compare` read back as predictions.
    std::string answerLines() const;
};

// answers.size() must equal records.size() (std::invalid_argument otherwise).
Evaluation evaluateAnswers(const std::vector<data::Record> &records, const std::vector<std::string> &answers);

// Reads {"id", "result"} lines (an answers file or `itool predict` output) and returns the
// answer of every record in record order. Throws UserError "file:line: what" on a bad line,
// and names the records that have no answer.
std::vector<std::string> readAnswersFor(const std::vector<data::Record> &records, const std::string &path);

} // namespace itool::eval
