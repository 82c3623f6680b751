#pragma once
// The training-gains-decay experiment runner: for every seed and every nested fraction of the
// training records, train a fresh model (same initialisation seed for every fraction of a
// seed, same number of epochs, so steps grow with the subset) and evaluate it on the one
// shared test set; then, optionally, evaluate iTool round models on the same test set.
// Every finished point lands at once in decay.json (rewritten atomically), as a metrics.jsonl
// line and as an Eval event, and a resumed run never redoes a finished point.
// The training and evaluation are behind DecayBackend so that the logic is testable with a
// fake; core/pipeline/decay_job.h plugs in the real SFT trainer and greedy evaluation.
// No torch here.
#include "core/common/json.h"
#include "core/data/record.h"
#include "core/eval/decay_point.h"
#include "core/eval/decay_summary.h"
#include "core/pipeline/training_events.h"

#include <cstdint>
#include <string>
#include <vector>

namespace itool::eval {

inline constexpr const char *kDecayResultFile = "decay.json";
inline constexpr const char *kDecayMetricsFile = "metrics.jsonl";
inline constexpr int kDecayResultVersion = 1;

// The training budget of a point, in one of two modes:
// - fixed steps (fixedSteps > 0): every point trains exactly fixedSteps optimiser steps, so
//   every point gets the same compute and only the data varies (a small subset is repeated
//   many times, a large one seen a few times);
// - per example: every fraction sees each of its records `epochs` times, so the steps scale
//   with the subset size: max(minSteps, ceil(epochs * records / examplesPerStep)).
struct DecayBudget
{
    std::int64_t fixedSteps = 0;
    double epochs = 1.0;
    std::int64_t examplesPerStep = 16; // batch size x gradient accumulation
    std::int64_t minSteps = 1;
    std::int64_t stepsFor(std::size_t records) const;
};

// What one evaluation of a model on the test set gave: the tallies, and each record's
// verdict in test order ('1' right, '0' wrong) for paired comparisons between points.
struct PointEvaluation
{
    PointMetrics metrics;
    std::string outcomes;
};

// A model the iTool rounds (or their continued-SFT baseline) made from a full-data model.
struct RoundModel
{
    std::string method = "itool"; // or "continued_sft"
    int round = 0;
    std::string modelDir;
    std::int64_t computeTokens = 0; // added since the full-data model, rounds 1..round
    std::string answersPath;        // the run's own answers on the test set, when it kept them
};

class DecayBackend
{
public:
    struct Trained
    {
        std::string modelDir; // empty when cancelled
        std::int64_t steps = 0;
        std::int64_t computeTokens = 0; // 3 x the tokens trained on; 0 when unknown
        bool cancelled = false;
    };
    virtual ~DecayBackend() = default;
    // A fresh model initialised from `seed`, trained on `records` for `steps` optimiser steps,
    // written under pointDir. resume: continue from a checkpoint pointDir may hold.
    virtual Trained train(const std::vector<data::Record> &records, std::uint64_t seed,
                          std::int64_t steps, const std::string &pointDir, bool resume)
        = 0;
    // Judges the model on the test set; pointDir (inside the run folder) may receive files
    // for people to inspect, e.g. the answers.
    virtual PointEvaluation evaluate(const std::string &modelDir,
                                     const std::vector<data::Record> &test,
                                     const std::string &pointDir)
        = 0;
    // Runs the iTool rounds (and their continued-SFT baseline) from a full-data model into
    // `dir`, continuing what an earlier call left there, and returns every round's model.
    // The default has no rounds.
    virtual std::vector<RoundModel> runRounds(const std::string &startModelDir, std::uint64_t seed,
                                              const std::string &dir)
    {
        (void)startModelDir, (void)seed, (void)dir;
        return {};
    }
    // Judges a round's model; the default decodes it like any point.
    virtual PointEvaluation evaluateRound(const RoundModel &model, const std::vector<data::Record> &test,
                                          const std::string &pointDir)
    {
        return evaluate(model.modelDir, test, pointDir);
    }
};

struct DecayRounds
{
    // The experiment runs the rounds itself (DecayBackend::runRounds) from the full-data
    // model of `seed` once that model exists, into <run>/rounds-s<seed>/: `spec` names the
    // run spec (`itool run`), used by the backend; empty: no rounds are run.
    std::string spec;
    // Or: where an iTool run started by hand from this experiment's full-data model keeps
    // its rounds: every <runDir>/checkpoints/round-<k>/ (or <runDir>/round-<k>/model/) folder
    // holding a config.json becomes a "round" point.
    std::string runDir;
    std::uint64_t seed = 0; // the experiment seed whose full-data model the rounds start from
};

struct DecayPlan
{
    std::string runDir;
    std::vector<double> fractions;
    std::vector<std::uint64_t> seeds;
    DecayBudget budget;
    DecayRounds rounds;         // runDir empty: no rounds
    Json spec = Json::object(); // kept in decay.json; a resume must use the same one
};

struct DecayRunResult
{
    std::vector<DecayPoint> points; // every finished point, earlier runs' included
    DecaySummary summary;
    std::size_t trainRecords = 0, testRecords = 0;
    std::size_t done = 0, skipped = 0; // points run now / found finished
    bool cancelled = false;
    std::string resultPath; // runDir/decay.json
};

// The folder of a point inside the run folder.
std::string pointDir(const DecayPlan &plan, const DecayPoint &point);

// Spec fields a resumed run may change (the rest must be equal to the stored spec).
const std::vector<std::string> &decayResumableSpecFields();

DecayRunResult runDecayExperiment(const DecayPlan &plan, const std::vector<data::Record> &train,
                                  const std::vector<data::Record> &test, DecayBackend &backend,
                                  bool resume, pipeline::EventSink *events = nullptr,
                                  const pipeline::CancelToken *cancel = nullptr);

// decay.json as written after each point.
Json decayResultJson(const DecayPlan &plan, std::size_t trainRecords, std::size_t testRecords,
                     const std::vector<DecayPoint> &points, bool complete);
// The points of an existing decay.json (UserError naming the file and field when malformed).
std::vector<DecayPoint> readDecayPoints(const std::string &path, Json *storedSpec = nullptr);

// Writes path.tmp, then renames it over path.
void writeJsonFileAtomic(const std::string &path, const Json &json);

} // namespace itool::eval
