#pragma once
// predictRecords (predictor.h) for a model already in memory: the rounds evaluate the policy
// they are training without writing and reading it back. Torch header (transformer.h):
// include only from .cpp files of core/model, core/search, core/eval and core/pipeline.
#include "core/model/bpe_tokenizer.h"
#include "core/model/predictor.h"
#include "core/model/transformer.h"

namespace itool::model {

std::vector<PredictionRow> predictRecords(LlamaForCausalLM &model, const BpeTokenizer &tokenizer,
                                          const std::vector<data::Record> &records, const PredictOptions &options,
                                          PredictStats *stats = nullptr, const PredictProgress &progress = {},
                                          const std::atomic<bool> *cancel = nullptr);

} // namespace itool::model
