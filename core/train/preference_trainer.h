#pragma once
// Preference optimisation of a policy on step-wise pairs: each pair is a prompt (the chat
// prompt plus the shared response prefix) and two continuations (the chosen and rejected
// fragments); the loss (preference_loss.h) sees each side's log-probs over its own tokens
// only. DPO and IPO use the frozen policy from before the first update as the reference
// (its log-probs are computed once, up front). Flat AdamW, constant learning rate after a
// short warm-up, gradient clipping, seeded shuffling. Torch header: core/train, core/pipeline.
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
    double lr = 1e-4;
    std::int64_t warmupSteps = 2;
    int epochs = 2;
    int batchPairs = 8;
    double clipNorm = 1.0;
    double weightDecay = 0.0;
    std::uint64_t seed = 1;
    std::int64_t maxTokens = 0; // cut the prompt from the left to fit; 0: the model's context
};

struct PreferenceStep
{
    std::int64_t step = 0, totalSteps = 0;
    double loss = 0, margin = 0, accuracy = 0, gradNorm = 0;
};

struct PreferenceTrainResult
{
    std::vector<PreferenceStep> steps;
    double firstEpochLoss = 0, lastEpochLoss = 0; // mean per-pair loss of the first/last epoch
    double lastEpochMargin = 0, lastEpochAccuracy = 0;
    bool cancelled = false;
};

// Evaluation only: the loss and its statistics on the pairs under the current weights.
PreferenceStep evaluatePreferences(model::LlamaForCausalLM model, const std::vector<PreferenceExample> &pairs,
                                   const PreferenceTrainOptions &options);

PreferenceTrainResult trainPreferences(model::LlamaForCausalLM model, const std::vector<PreferenceExample> &pairs,
                                       const PreferenceTrainOptions &options,
                                       const std::function<void(const PreferenceStep &)> &onStep = {},
                                       const std::atomic<bool> *cancel = nullptr);

} // namespace itool::train
