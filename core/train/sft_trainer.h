#pragma once
// Supervised fine-tuning on token sequences: loss on masked (answer) tokens only, flat
// AdamW, cosine schedule with warm-up, gradient clipping and accumulation, curriculum
// stages run in order (each continuing from the last), checkpoints every N steps and at each
// stage end, exact resume, events and cancellation. Seeded and deterministic on the CPU.
// What it is not: records, tokenizer or chat template (core/pipeline/sft_job turns records
// into TrainExamples). No torch in this header.
#include "core/model/model_config.h"
#include "core/model/threading.h"
#include "core/pipeline/training_events.h"

#include <cstdint>
#include <string>
#include <vector>

namespace itool::train {

struct TrainExample
{
    std::vector<std::int32_t> ids;
    std::vector<std::uint8_t> lossMask; // 1: predict ids[i] from ids[0, i) and count it in the loss
};

struct CurriculumStage
{
    std::string name; // "easy", ...
    std::vector<TrainExample> examples;
    std::int64_t steps = 0; // optimiser steps in this stage
};

struct SftOptions
{
    model::ModelConfig model;
    double lr = 1e-3;
    double minLrRatio = 0.1;
    std::int64_t warmupSteps = 0;
    double beta1 = 0.9, beta2 = 0.95, eps = 1e-8, weightDecay = 0.1;
    std::int64_t batchSize = 8;  // sequences per micro-batch
    std::int64_t gradAccum = 1;  // micro-batches per optimiser step
    double clipNorm = 1.0;       // <= 0: no clipping
    std::int64_t checkpointEvery = 0; // steps; 0: only at stage ends and on cancel
    std::uint64_t seed = 1;
    // Continue from this model folder's weights (its config must equal `model`) instead of a
    // random initialisation: continued SFT from a trained policy.
    std::string initModelDir;
    std::string runDir;      // checkpoint.safetensors, metrics.jsonl, model/, stage-*/
    bool resume = false;     // continue from runDir/checkpoint.safetensors
    std::int32_t padId = 0;
    model::ThreadSettings threads;
    bool bf16 = false; // CPU autocast of the forward pass to bfloat16 (AVX512-BF16/AMX CPUs)
    std::int64_t haltAfterSteps = -1; // tests: stop abruptly (no checkpoint), as if killed
};

struct SftResult
{
    std::vector<double> losses; // per optimiser step, the whole run (resumed ones included)
    std::int64_t steps = 0;
    std::int64_t tokens = 0; // non-padding tokens trained on by this invocation
    bool cancelled = false;
    bool halted = false;
    std::string modelDir; // runDir/model when finished
};

inline constexpr const char *kCheckpointFile = "checkpoint.safetensors";
inline constexpr const char *kMetricsFile = "metrics.jsonl";

// Throws UserError for unusable options/data and CheckpointError for a bad checkpoint.
SftResult runSft(const SftOptions &options, const std::vector<CurriculumStage> &stages,
                 pipeline::EventSink *events = nullptr, const pipeline::CancelToken *cancel = nullptr);

} // namespace itool::train
