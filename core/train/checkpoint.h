#pragma once
// SFT checkpoints: ONE safetensors file holding the model weights (Hugging Face names), the
// optimiser moments, the data order and the torch RNG state, with the scalar state (step,
// stage, data cursor, shuffle RNG, loss history, plan) in its metadata, a magic + version,
// and a checksum over every tensor byte. Written atomically (temp + rename). Reading checks
// everything before touching the model, so a truncated, tampered or foreign file fails with
// a message saying which. Torch header: train .cpp files only.
#include "core/common/json.h"
#include "core/common/user_error.h"
#include "core/model/transformer.h"
#include "core/train/adamw.h"

#include <cstdint>
#include <string>
#include <vector>

namespace itool::train {

class CheckpointError : public UserError
{
public:
    using UserError::UserError;
};

inline constexpr const char *kCheckpointFormat = "itool-sft-checkpoint";
inline constexpr int kCheckpointVersion = 1;

struct TrainerState
{
    std::int64_t step = 0;       // optimiser steps done, whole run
    std::int64_t stageIndex = 0; // curriculum stage in progress
    std::int64_t stageStep = 0;  // steps done within it
    std::int64_t cursor = 0;     // next position in `order`
    std::int64_t epoch = 0;      // reshuffles within the stage
    std::string shuffleRng;      // std::mt19937_64 state as text
    std::vector<std::int64_t> order;
    std::vector<double> losses; // one per optimiser step so far
    Json plan;                  // what the run was started with; resume refuses a different plan
};

void writeCheckpoint(const std::string &path, const model::LlamaForCausalLM &model, const FlatAdamW &optimizer,
                     const TrainerState &state);
// Validates the file fully, then loads weights and optimiser state. Throws CheckpointError.
TrainerState readCheckpoint(const std::string &path, model::LlamaForCausalLM &model, FlatAdamW &optimizer);

} // namespace itool::train
