#pragma once
// The decay experiment on real models: reads the records, splits off the one test set,
// trains one tokenizer on the whole training pool (shared by every point, so every model
// starts from the same vocabulary and, per seed, the same initial weights), and runs
// eval::runDecayExperiment with SftDecayBackend (the SFT trainer on an in-memory subset,
// then greedy decoding + the checker). No torch here.
#include "core/eval/decay_experiment.h"
#include "core/pipeline/decay_spec.h"
#include "core/pipeline/training_events.h"

#include <memory>
#include <string>
#include <vector>

namespace itool::pipeline {

struct DecaySplit
{
    std::vector<data::Record> train, test;
    std::size_t syntheticExcluded = 0; // generated records dropped as duplicates of test requests
};

// The training pool and the test set the spec describes (deterministic).
DecaySplit splitDecayRecords(const DecaySpec &spec);

// train::runSft on records held in memory: one stage over every difficulty (the decay
// experiment varies the amount of data, not the curriculum), the spec's model and optimizer,
// warm-up capped at a tenth of the point's steps.
std::unique_ptr<eval::DecayBackend> makeSftDecayBackend(const DecaySpec &spec,
                                                        const std::string &tokenizerPath,
                                                        EventSink *trainingEvents);

eval::DecayRunResult runDecayJob(const DecaySpec &spec, const Json &specJson, bool resume,
                                 EventSink *events = nullptr, const CancelToken *cancel = nullptr);

} // namespace itool::pipeline
