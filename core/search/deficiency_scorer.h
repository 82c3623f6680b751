#pragma once
// Scores records for deficiency selection with the current policy: the perplexity of the
// gold response (exp of the mean NLL over the answer tokens, <|end|> included), or the share
// of k sampled responses the checker rejects. Torch header (transformer.h): core/search and
// core/pipeline .cpp files only. The selection itself is deficiency_selector.h.
#include "core/data/record.h"
#include "core/model/bpe_tokenizer.h"
#include "core/model/transformer.h"

#include <cstdint>
#include <vector>

namespace itool::search {

std::vector<double> responsePerplexities(model::LlamaForCausalLM model, const model::BpeTokenizer &tokenizer,
                                         const std::vector<const data::Record *> &records,
                                         std::size_t maxTokens = 0, int batchSize = 8);

// Share of k samples (temperature, seed) whose checker score is below 1 (not fully right).
std::vector<double> failureRates(model::LlamaForCausalLM model, const model::BpeTokenizer &tokenizer,
                                 const std::vector<const data::Record *> &records, int k, double temperature,
                                 std::int64_t maxNewTokens, std::uint64_t seed);

} // namespace itool::search
