#pragma once
// The search policy over the real model: each expansion's prompt is the record's chat prompt
// plus the response prefix; all requests of a simulation step are decoded together by the
// KV-cache batched decoder (rows = requests x samples, chunked by maxBatchRows; 1 gives the
// one-at-a-time baseline). Every token's text and log-prob come back for the step priors.
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
    std::int64_t maxNewTokens = 64;
    int maxBatchRows = 64;         // rows per decoder call; 1 = one sample at a time
    std::size_t maxPromptTokens = 0; // 0: the model's context minus maxNewTokens
};

class DecoderPolicy : public SearchPolicy
{
public:
    // The model, tokenizer and records must outlive the policy; problem i is records[i].
    DecoderPolicy(model::LlamaForCausalLM model, const model::BpeTokenizer &tokenizer,
                  std::vector<const data::Record *> records, DecoderPolicyOptions options);
    std::vector<std::vector<Continuation>> expand(const std::vector<ExpansionRequest> &requests) override;

    std::int64_t decodedTokens() const { return m_decodedTokens; }
    std::int64_t decoderCalls() const { return m_decoderCalls; }

private:
    model::LlamaForCausalLM m_model;
    const model::BpeTokenizer &m_tokenizer;
    std::vector<const data::Record *> m_records;
    std::vector<std::vector<std::int64_t>> m_promptIds; // per record, computed once
    DecoderPolicyOptions m_options;
    std::int64_t m_endId = -1;
    std::int64_t m_decodedTokens = 0;
    std::int64_t m_decoderCalls = 0;
};

} // namespace itool::search
