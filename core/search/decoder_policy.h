#pragma once
// The search policy over the real model: each expansion's input is the record's prompt ids
// plus the prefix's sampled ids (never re-encoded), and all requests of a simulation step are
// decoded together by the KV-cache batched decoder (rows = requests x samples, chunked by
// maxBatchRows, 1 giving the one-at-a-time baseline, and shared out among `workers` threads,
// each single-threaded). Every row samples from its own seed (the request's seed and the
// sample's index), so the samples do not depend on the chunking or the worker count. A
// request's greedy samples are decoded at temperature 0 in their own chunks. Every token's
// id, text and log-prob come back. A continuation that reaches its request's budget without
// the end marker comes back with finished = false (the search drops it: not a whole answer).
// Torch header (transformer.h): include only from core/search, core/pipeline .cpp files.
#include "core/data/record.h"
#include "core/model/bpe_tokenizer.h"
#include "core/model/transformer.h"
#include "core/search/search_policy.h"

#include <cstdint>
#include <vector>

namespace itool::search {

struct DecoderPolicyOptions
{
    double temperature = 1.5; // the paper's expansion temperature
    double topP = 1.0;
    int maxBatchRows = 64; // rows per decoder call; 1 = one sample at a time
    int workers = 0;       // decoding threads; 0: one per usable core
};

// Each record's chat prompt as token ids, cut (model::tokenizePrompt) so that prompt + an
// answer of answerBudget tokens fit in maxTokens: the prompts a search and the pairs trained
// from it share.
std::vector<TokenIds> answerPrompts(const std::vector<const data::Record *> &records,
                                    const model::BpeTokenizer &tokenizer, std::int64_t maxTokens,
                                    std::int64_t answerBudget);

class DecoderPolicy : public SearchPolicy
{
public:
    // The model and tokenizer must outlive the policy; problem i's prompt is prompts[i]
    // (e.g. model::tokenizePrompt with room for the answer budget).
    DecoderPolicy(model::LlamaForCausalLM model, const model::BpeTokenizer &tokenizer,
                  std::vector<TokenIds> prompts, DecoderPolicyOptions options);
    std::vector<std::vector<Continuation>> expand(const std::vector<ExpansionRequest> &requests) override;

    std::int64_t decodedTokens() const { return m_decodedTokens; }
    std::int64_t promptTokens() const { return m_promptTokens; } // prefilled (prompt + prefix) once per distinct input of a decoder call
    std::int64_t decoderCalls() const { return m_decoderCalls; }

private:
    model::LlamaForCausalLM m_model;
    const model::BpeTokenizer &m_tokenizer;
    std::vector<TokenIds> m_prompts;
    DecoderPolicyOptions m_options;
    std::int64_t m_endId = -1;
    std::int64_t m_decodedTokens = 0;
    std::int64_t m_promptTokens = 0;
    std::int64_t m_decoderCalls = 0;
};

} // namespace itool::search
