#pragma once
// The iTool rounds (`itool run`): starting from a warmed-up policy, N rounds of
// select -> search -> pairs -> preference training -> evaluation, into a run folder
// (spec.json, state.json, metrics.jsonl, eval.json, pairs.jsonl, trees/round-R/,
// checkpoints/round-R/; every file written whole: temporary file + rename). A round is the
// unit of resume: after a kill, --resume restarts the unfinished round from its beginning
// with the previous round's checkpoint (pairs already in the database keep their reviews).
// Cancellation is checked between simulations, training steps and evaluation batches.
// docs/rounds.md describes the folder and the events. No torch here.
#include "core/common/json.h"
#include "core/pipeline/round_spec.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace itool::pipeline {

struct RoundEvent
{
    std::string stage; // start, select, search, pairs, train, eval, checkpoint, round, done, cancelled, log
    int round = 0;
    std::int64_t done = 0, total = 0; // progress within the stage
    double value = 0;                 // loss for train, accuracy for eval
    Json data = Json::object();       // the stage's figures
    std::string message;
};
using RoundEventSink = std::function<void(const RoundEvent &)>;

struct RoundSummary
{
    int round = 0;
    int scored = 0, selected = 0, trees = 0;
    int pairCandidates = 0, pairsFound = 0, pairsKept = 0, pairsTrained = 0;
    std::int64_t rollouts = 0;
    double searchSeconds = 0, trainSeconds = 0;
    double lossFirstEpoch = 0, lossLastEpoch = 0, margin = 0, pairAccuracy = 0;
    Json evalBefore, evalAfter;
    Json toJson() const;
};

struct RunReport
{
    std::string runDir;
    int resumedAfterRound = -1; // -1: a fresh run
    std::vector<RoundSummary> rounds; // the rounds this invocation ran
    bool cancelled = false;
    std::string finalModel;
};

RunReport runRounds(const RoundSpec &spec, bool resume, const RoundEventSink &events = {},
                    const std::atomic<bool> *cancel = nullptr);

} // namespace itool::pipeline
