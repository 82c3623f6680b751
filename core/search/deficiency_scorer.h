#pragma once
// Scores records for deficiency selection with the current policy: the perplexity of the
// gold response (exp of the mean NLL over the answer tokens, <|end|> included), or how many
// of the greedy answer and k sampled answers the checker accepts. Torch header
// (transformer.h): core/search and core/pipeline .cpp files only. The selection itself is
// deficiency_selector.h.
#include "core/data/record.h"
#include "core/model/bpe_tokenizer.h"
#include "core/model/transformer.h"
#include "core/search/search_policy.h"

#include <cstdint>
#include <vector>

namespace itool::search {

std::vector<double> responsePerplexities(model::LlamaForCausalLM model, const model::BpeTokenizer &tokenizer,
                                         const std::vector<const data::Record *> &records,
                                         std::size_t maxTokens = 0, int batchSize = 8);

struct SampleOutcome
{
    int samples = 0, right = 0; // of the k sampled answers (an answer cut by the budget is wrong)
    bool greedyRight = false;
};

struct SampleCost
{
    std::int64_t promptTokens = 0, decodedTokens = 0; // what the decoding processed
};

// The greedy answer and k answers sampled at `temperature` (seeded per record) for each record
// from its prompt (prompts[i], see answerPrompts), judged by the checker.
std::vector<SampleOutcome> sampleOutcomes(model::LlamaForCausalLM model, const model::BpeTokenizer &tokenizer,
                                          const std::vector<const data::Record *> &records,
                                          const std::vector<TokenIds> &prompts, int k, double temperature,
                                          std::int64_t answerBudget, std::uint64_t seed, SampleCost *cost = nullptr);

} // namespace itool::search
