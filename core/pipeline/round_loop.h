#pragma once
// The iTool rounds (`itool run`): the warm-up SFT when the spec has one (into warmup/),
// then from the warmed-up policy N rounds of select -> search -> pairs -> preference
// training -> evaluation, into a run folder (spec.json, state.json, metrics.jsonl, eval.json,
// pairs.jsonl, trees/round-R/, checkpoints/round-R/; every file written whole: temporary
// file + rename). The warm-up resumes from its SFT checkpoint and is never redone once
// finished; a round is the unit of resume: after a kill, --resume restarts the unfinished
// round from its beginning with the previous round's checkpoint (pairs already in the
// database keep their reviews). Cancellation is checked between SFT steps, simulations,
// training steps and evaluation batches. docs/rounds.md describes the folder and the events.
// No torch here.
#include "core/common/json.h"
#include "core/pipeline/round_spec.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace itool::pipeline {

struct RoundEvent
{
    std::string stage; // warmup, start, select, search, pairs, train, train_epoch, sft, eval, checkpoint,
                       // round, done, cancelled, log
    int round = 0;
    std::int64_t done = 0, total = 0; // progress within the stage
    double value = 0;                 // loss for train, accuracy for eval
    Json data = Json::object();       // the stage's figures
    std::string message;
};
using RoundEventSink = std::function<void(const RoundEvent &)>;

// What a round spent, in forward-token equivalents: a token run forward once counts 1 (the
// prompt and prefix of every decoded row, and every decoded token), a token trained on counts
// 3 (forward and backward). Evaluation is not counted: every method evaluates the same.
struct RoundCompute
{
    std::int64_t selection = 0, search = 0, training = 0;
    std::int64_t total() const { return selection + search + training; }
    Json toJson() const;
};

struct RoundSummary
{
    int round = 0;
    std::string method = "itool";
    int scored = 0, selected = 0, trees = 0;
    int pairCandidates = 0, pairsFound = 0, pairsKept = 0, pairsTrained = 0, pairsEncoded = 0;
    std::int64_t rollouts = 0, truncated = 0;
    std::int64_t trainSteps = 0;
    double selectSeconds = 0, searchSeconds = 0, trainSeconds = 0;
    double lossFirstEpoch = 0, lossLastEpoch = 0, margin = 0, pairAccuracy = 0;
    Json epochs = Json::array(); // preference training: per epoch loss, margin, accuracy, chosen NLL
    RoundCompute compute;
    Json evalBefore, evalAfter;
    Json versusStart; // this round's answers against the start policy's (counts; eval.json also lists the ids)
    Json toJson() const;
};

struct WarmupOutcome
{
    bool ran = false;        // this invocation trained (part of) the warm-up
    bool skipped = false;    // finished by an earlier invocation: not redone
    bool cancelled = false;  // stopped on request; a checkpoint was written
    bool resumedSft = false; // continued from the warm-up's SFT checkpoint
    std::int64_t startStep = 0, steps = 0, totalSteps = 0;
    double firstLoss = 0, lastLoss = 0; // of the whole warm-up (resumed steps included)
    std::string modelDir;               // run_dir/warmup/model
    Json toJson() const;
};

struct RunReport
{
    std::string runDir;
    int resumedAfterRound = -1; // -1: a fresh run
    std::vector<RoundSummary> rounds; // the rounds this invocation ran
    bool cancelled = false;
    std::string finalModel;
    WarmupOutcome warmup; // all false when the spec starts from start_model
    std::vector<std::int64_t> trainedPairIds; // database ids of the pairs trained on, this invocation
};

RunReport runRounds(const RoundSpec &spec, bool resume, const RoundEventSink &events = {},
                    const std::atomic<bool> *cancel = nullptr);

} // namespace itool::pipeline
