#pragma once
// The shape of a decoder-only (Llama-style) model, as a plain value with no torch in it, so
// that the CLI, the GUI and specs can carry it around cheaply. Read and written as the
// Hugging Face Llama config.json field names. What it is not: the weights (safetensors) or
// the module itself (transformer.h, torch, used only inside model/train .cpp files).
#include "core/common/json.h"

#include <cstdint>
#include <string>

namespace itool::model {

struct ModelConfig
{
    std::int64_t vocabSize = 1000;
    std::int64_t hiddenSize = 256;
    std::int64_t intermediateSize = 688;
    std::int64_t numHiddenLayers = 4;
    std::int64_t numAttentionHeads = 4;
    std::int64_t numKeyValueHeads = 4; // < numAttentionHeads: grouped-query attention
    std::int64_t maxPositionEmbeddings = 512;
    double rmsNormEps = 1e-5;
    double ropeTheta = 10000.0;
    bool tieWordEmbeddings = false;
    std::int64_t bosTokenId = -1; // -1: none
    std::int64_t eosTokenId = -1;

    std::int64_t headDim() const { return hiddenSize / numAttentionHeads; }
    // Throws UserError naming the field when the shape cannot work.
    void validate() const;
    // Trainable parameters of the model this config describes.
    std::int64_t parameterCount() const;

    bool operator==(const ModelConfig &) const = default;
};

// The Llama config.json form ("model_type":"llama", "architectures":["LlamaForCausalLM"]).
Json configToJson(const ModelConfig &config);
// Throws UserError naming the missing or mistyped field; `where` prefixes messages.
ModelConfig configFromJson(const Json &json, const std::string &where = "config.json");

void writeConfigFile(const ModelConfig &config, const std::string &path);
ModelConfig readConfigFile(const std::string &path);

} // namespace itool::model
