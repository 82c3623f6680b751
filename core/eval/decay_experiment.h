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

// The per-example budget: every fraction sees each of its records `epochs` times, so the
// optimiser steps scale with the subset size: max(minSteps, ceil(epochs * records / examplesPerStep)).
struct DecayBudget
{
    double epochs = 1.0;
    std::int64_t examplesPerStep = 16; // batch size x gradient accumulation
    std::int64_t minSteps = 1;
    std::int64_t stepsFor(std::size_t records) const;
};

class DecayBackend
{
public:
    struct Trained
    {
        std::string modelDir; // empty when cancelled
        std::int64_t steps = 0;
        bool cancelled = false;
    };
    virtual ~DecayBackend() = default;
    // A fresh model initialised from `seed`, trained on `records` for `steps` optimiser steps,
    // written under pointDir. resume: continue from a checkpoint pointDir may hold.
    virtual Trained train(const std::vector<data::Record> &records, std::uint64_t seed, std::int64_t steps,
                          const std::string &pointDir, bool resume) = 0;
    // Judges the model on the test set; pointDir (inside the run folder) may receive files
    // for people to inspect, e.g. the answers.
    virtual PointMetrics evaluate(const std::string &modelDir, const std::vector<data::Record> &test,
                                  const std::string &pointDir) = 0;
};

struct DecayRounds
{
    // Where an iTool run started from this experiment's full-data model keeps its rounds:
    // every <runDir>/checkpoints/round-<k>/ (or <runDir>/round-<k>/model/) folder holding a
    // config.json becomes a "round" point.
    std::string runDir;
    std::uint64_t seed = 0; // the experiment seed whose full-data model the rounds started from
};

struct DecayPlan
{
    std::string runDir;
    std::vector<double> fractions;
    std::vector<std::uint64_t> seeds;
    DecayBudget budget;
    DecayRounds rounds; // runDir empty: no rounds
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
                                  const std::vector<data::Record> &test, DecayBackend &backend, bool resume,
                                  pipeline::EventSink *events = nullptr, const pipeline::CancelToken *cancel = nullptr);

// decay.json as written after each point.
Json decayResultJson(const DecayPlan &plan, std::size_t trainRecords, std::size_t testRecords,
                     const std::vector<DecayPoint> &points, bool complete);
// The points of an existing decay.json (UserError naming the file and field when malformed).
std::vector<DecayPoint> readDecayPoints(const std::string &path, Json *storedSpec = nullptr);

// Writes path.tmp, then renames it over path.
void writeJsonFileAtomic(const std::string &path, const Json &json);

} // namespace itool::eval
