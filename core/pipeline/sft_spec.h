#pragma once
// The versioned JSON job spec for supervised fine-tuning (`itool sft --spec SPEC.json`), shared
// by the CLI and the workbench. docs/training.md documents every field. Parsing checks every
// field and names the one that is wrong. No torch here.
#include "core/common/json.h"
#include "core/model/model_config.h"
#include "core/model/pre_tokenizer.h"
#include "core/model/threading.h"
#include "core/pipeline/synthetic_training_data.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace itool::pipeline {

inline constexpr int kSftSpecVersion = 1;

struct SftStageSpec
{
    std::string name;
    std::vector<std::string> difficulties; // "easy", "medium", "hard", "unset"
    std::int64_t steps = 0;
};

struct SftSpec
{
    std::string runDir;
    std::vector<std::string> trainFiles; // native JSON Lines record files
    SyntheticDataSpec synthetic;         // generated records added to the training files' records
    std::int64_t maxTokens = 512;        // per example (context is cut, the answer kept)
    int holdoutPercent = 10;             // records held out by a hash of their id
    std::string tokenizerPath;           // empty: train one on the training records
    std::int32_t tokenizerVocabSize = 1024;
    model::PreTokenizer tokenizerPreTokenizer = model::PreTokenizer::Gpt2; // for a trained one
    model::ModelConfig model;            // vocab_size comes from the tokenizer
    std::vector<SftStageSpec> curriculum;
    double lr = 3e-3, minLrRatio = 0.1, beta1 = 0.9, beta2 = 0.95, weightDecay = 0.1, clipNorm = 1.0;
    std::int64_t warmupSteps = 20, batchSize = 16, gradAccum = 1;
    std::int64_t checkpointEvery = 100;
    std::uint64_t seed = 1;
    std::optional<model::ThreadSettings> threads; // unset: model::trainingThreads(precision in use)
    bool bf16 = false; // "precision": "bf16"
};

// Throws UserError "SPEC: field: what was expected". Relative paths stay as written
// (resolved against the current folder when used).
SftSpec sftSpecFromJson(const Json &json, const std::string &where);
SftSpec readSftSpec(const std::string &path);

} // namespace itool::pipeline
