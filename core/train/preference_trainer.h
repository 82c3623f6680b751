#pragma once
// Preference optimisation of a policy on step-wise pairs: each pair is a prompt (the chat
// prompt plus the shared response prefix, as sampled token ids) and two continuations (the
// chosen and rejected fragments); the loss (preference_loss.h) sees each side's log-probs
// over its own tokens only, optionally plus a likelihood term on the chosen side (RPO style:
// w x the chosen fragment's mean token NLL) that holds the policy to its own right answers.
// DPO and IPO use the frozen policy from before the first update as the reference (its
// log-probs are computed once, up front). Flat AdamW; the learning rate warms up linearly
// and then follows a cosine to minLrRatio x lr over a step budget that is either a number of
// epochs over the pairs or a fixed number of steps (cycling through them, reshuffled each
// pass), so that a round with few pairs still trains; gradient clipping; seeded shuffling.
// Each batch is shared out among data-parallel workers (train/data_parallel_group.h) as in
// SFT. Torch header: core/train, core/pipeline.
// What it is not: pair building or storage (search/, store/).
#include "core/model/transformer.h"
#include "core/train/preference_loss.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace itool::train {

struct PreferenceExample
{
    std::vector<std::int32_t> prompt; // chat prompt + shared prefix
    std::vector<std::int32_t> chosen, rejected;
};

struct PreferenceTrainOptions
{
    PreferenceLossOptions loss;
    double lr = 1e-4;          // peak
    double minLrRatio = 0.1;   // the cosine ends at minLrRatio x lr
    double warmupRatio = 0.1;  // share of the steps spent warming up
    int epochs = 2;            // passes over the pairs when steps is 0
    std::int64_t steps = 0;    // > 0: exactly this many optimiser steps, whatever the pair count
    int batchPairs = 8;
    double clipNorm = 1.0;
    double weightDecay = 0.0;
    double chosenNllWeight = 0.0; // RPO: + w x mean NLL of the chosen tokens
    std::size_t workers = 1;      // data-parallel workers (each single-threaded)
    std::uint64_t seed = 1;
    std::int64_t maxTokens = 0; // cut the prompt from the left to fit; 0: the model's context
};

struct PreferenceStep
{
    std::int64_t step = 0, totalSteps = 0;
    int epoch = 0; // 0-based pass over the pairs
    double loss = 0, margin = 0, accuracy = 0, gradNorm = 0, lr = 0;
};

// One pass over the pairs: per-pair means of the loss (preference part plus the NLL term),
// the reward margin, the share of pairs ranked right, and the chosen side's NLL.
struct PreferenceEpoch
{
    int epoch = 0;
    std::int64_t pairs = 0;
    double loss = 0, margin = 0, accuracy = 0, chosenNll = 0;
};

struct PreferenceTrainResult
{
    std::vector<PreferenceStep> steps;
    std::vector<PreferenceEpoch> epochs;
    double firstEpochLoss = 0, lastEpochLoss = 0; // mean per-pair loss of the first/last epoch
    double lastEpochMargin = 0, lastEpochAccuracy = 0;
    std::int64_t tokens = 0; // sequence tokens trained on (prompt + side), both sides
    bool cancelled = false;
};

struct PreferenceCallbacks
{
    std::function<void(const PreferenceStep &)> onStep;
    std::function<void(const PreferenceEpoch &)> onEpoch;
};

// Evaluation only: the loss and its statistics on the pairs under the current weights.
PreferenceStep evaluatePreferences(model::LlamaForCausalLM model, const std::vector<PreferenceExample> &pairs,
                                   const PreferenceTrainOptions &options);

// The optimiser steps a run of `pairs` pairs takes under these options.
std::int64_t preferenceSteps(std::size_t pairs, const PreferenceTrainOptions &options);

PreferenceTrainResult trainPreferences(model::LlamaForCausalLM model, const std::vector<PreferenceExample> &pairs,
                                       const PreferenceTrainOptions &options, const PreferenceCallbacks &callbacks = {},
                                       const std::atomic<bool> *cancel = nullptr);

} // namespace itool::train
