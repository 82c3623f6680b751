#pragma once
// One round of the continued-SFT baseline (`itool run` with method "continued_sft"): the
// policy is trained further with SFT on the gold answers of all the train records, for as
// many steps as it takes to spend the round's compute budget (forward-token equivalents: a
// token trained on counts 3, forward and backward), in run_dir/sft/round-R. This is what the
// iTool rounds must beat: the same records, the same compute, no search.
// No torch here.
#include "core/data/record.h"
#include "core/model/bpe_tokenizer.h"
#include "core/pipeline/round_spec.h"
#include "core/pipeline/training_events.h"

#include <cstdint>
#include <string>
#include <vector>

namespace itool::pipeline {

// The compute budget of round `round` (1-based): continued_sft.compute_tokens, or what the
// iTool run folder continued_sft.compute_of spent on that round (its state.json). Throws
// UserError naming the folder when that round is missing.
double continuedSftBudget(const RoundSpec &spec, int round);

struct ContinuedSftRound
{
    std::int64_t steps = 0;
    std::int64_t tokens = 0;        // trained on
    std::int64_t computeTokens = 0; // 3 x tokens
    double firstLoss = 0, lastLoss = 0;
    double seconds = 0;
    bool cancelled = false;
    std::string modelDir; // the new policy
};

// Trains from the policy folder `policyDir` (config.json, model.safetensors) into
// runDir/sft/round-R; `dir`/model is the new policy when it finishes.
ContinuedSftRound runContinuedSftRound(const std::string &policyDir, const model::BpeTokenizer &tokenizer,
                                       const std::vector<data::Record> &train, const RoundSpec &spec, int round,
                                       double budgetTokens, EventSink *events, const CancelToken *cancel);

} // namespace itool::pipeline
