#pragma once
// Deficiency selection for one round of `itool run` (method.md, step 2.1): which of the
// train records the round searches, scored with the current policy by the spec's mode
// (perplexity of the gold answer, share of failed samples, or the frontier: records the
// policy gets right sometimes but not always) among the candidates (the spec's
// difficulties), capped at max_records, highest scores first. Also counts the compute it
// took. Torch header: core/pipeline .cpp files only.
#include "core/data/record.h"
#include "core/model/bpe_tokenizer.h"
#include "core/model/transformer.h"
#include "core/pipeline/round_spec.h"
#include "core/search/search_policy.h"

#include <cstdint>
#include <vector>

namespace itool::pipeline {

struct RoundSelection
{
    std::vector<std::size_t> selected; // indexes into the train records, ascending
    std::vector<double> scores;        // per train record; NaN when not a candidate
    std::int64_t candidates = 0;
    std::int64_t computeTokens = 0; // forward-token equivalents spent scoring
};

// prompts[i] is train[i]'s prompt (search::answerPrompts with the search's answer budget).
RoundSelection selectRoundRecords(model::LlamaForCausalLM &net, const model::BpeTokenizer &tokenizer,
                                  const std::vector<data::Record> &train, const std::vector<search::TokenIds> &prompts,
                                  const RoundSpec &spec, std::uint64_t seed);

} // namespace itool::pipeline
