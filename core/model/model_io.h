#pragma once
// Moving torch tensors in and out of safetensors, and a model folder (config.json +
// model.safetensors, the Hugging Face layout) in and out of a LlamaForCausalLM. Torch header:
// only for .cpp files of model/train/search/eval/pipeline.
#include "core/model/safetensors.h"
#include "core/model/transformer.h"

#include <string>
#include <utility>
#include <vector>

namespace itool::model {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// Writes the tensors (made contiguous, on the CPU) atomically to `path`.
void saveTensors(const std::string &path, const NamedTensors &tensors, const Metadata &metadata = {});
// A CPU copy of one tensor of the file.
torch::Tensor tensorFrom(const SafetensorsFile &file, const std::string &name);

// Copies every weight of `model` from the file; a missing, extra or misshapen tensor is a
// SafetensorsError naming it (extra tensors are allowed with allowExtra, e.g. checkpoints).
void loadWeights(LlamaForCausalLM &model, const SafetensorsFile &file, bool allowExtra = false);

inline constexpr const char *kConfigFile = "config.json";
inline constexpr const char *kWeightsFile = "model.safetensors";

// dir/config.json + dir/model.safetensors (dir is created when missing).
void saveModel(const LlamaForCausalLM &model, const std::string &dir);
LlamaForCausalLM loadModel(const std::string &dir);

} // namespace itool::model
