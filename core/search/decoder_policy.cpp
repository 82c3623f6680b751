// Decoder-backed search policy; see decoder_policy.h.
#include "core/search/decoder_policy.h"

#include "core/model/chat_template.h"
#include "core/model/decoder.h"

#include <algorithm>

namespace itool::search {

std::vector<TokenIds> answerPrompts(const std::vector<const data::Record *> &records,
                                    const model::BpeTokenizer &tokenizer, std::int64_t maxTokens,
                                    std::int64_t answerBudget)
{
    std::vector<TokenIds> out;
    out.reserve(records.size());
    for (const auto *r : records)
        out.push_back(model::tokenizePrompt(*r, tokenizer, std::size_t(std::max<std::int64_t>(0, maxTokens)),
                                            std::size_t(std::max<std::int64_t>(0, answerBudget)))
                          .ids);
    return out;
}

DecoderPolicy::DecoderPolicy(model::LlamaForCausalLM model, const model::BpeTokenizer &tokenizer,
                             std::vector<TokenIds> prompts, DecoderPolicyOptions options)
    : m_model(std::move(model)), m_tokenizer(tokenizer), m_prompts(std::move(prompts)), m_options(options)
{
    m_endId = tokenizer.requireSpecial(model::kEnd);
}

std::vector<std::vector<Continuation>> DecoderPolicy::expand(const std::vector<ExpansionRequest> &requests)
{
    struct Row
    {
        std::size_t request;
        std::vector<std::int64_t> input; // prompt + prefix ids
        std::int64_t budget;
        bool greedy;
    };
    const auto context = m_model->config().maxPositionEmbeddings;
    std::vector<Row> sampled, greedy;
    for (std::size_t r = 0; r < requests.size(); ++r) {
        const auto &req = requests[r];
        std::vector<std::int64_t> input(m_prompts.at(req.problem).begin(), m_prompts.at(req.problem).end());
        input.insert(input.end(), req.prefixTokens.begin(), req.prefixTokens.end());
        // The budget also stops at the model's context (the prompt was sized to leave room).
        const std::int64_t budget =
            std::max<std::int64_t>(1, std::min<std::int64_t>(req.maxNewTokens, context - std::int64_t(input.size())));
        for (int s = 0; s < req.samples; ++s)
            (s < req.greedy ? greedy : sampled).push_back({r, input, budget, s < req.greedy});
    }
    std::vector<std::vector<Continuation>> out(requests.size());
    const std::size_t chunk = std::size_t(std::max(1, m_options.maxBatchRows));
    auto decode = [&](const std::vector<Row> &rows) {
        for (std::size_t begin = 0; begin < rows.size(); begin += chunk) {
            const std::size_t end = std::min(rows.size(), begin + chunk);
            std::vector<std::vector<std::int64_t>> inputs;
            std::int64_t budget = 1;
            for (std::size_t i = begin; i < end; ++i) {
                inputs.push_back(rows[i].input);
                budget = std::max(budget, rows[i].budget);
                m_promptTokens += std::int64_t(rows[i].input.size());
            }
            model::SamplingOptions so;
            so.temperature = rows[begin].greedy ? 0.0 : m_options.temperature;
            so.topP = m_options.topP;
            so.maxNewTokens = budget;
            so.stopTokens = {m_endId};
            // The chunk's seed: its first row's request seed and the row's index, so that
            // one-sample chunks still give each sample its own stream.
            so.seed = requests[rows[begin].request].seed ^ (std::uint64_t(begin) * 0x9e3779b97f4a7c15ULL);
            const auto gens = model::generate(m_model, inputs, so);
            ++m_decoderCalls;
            for (std::size_t i = begin; i < end; ++i) {
                const auto &g = gens[i - begin];
                Continuation c;
                // A row decoded past its own budget (the chunk's budget is its largest) is cut
                // there, and counts as unfinished like one that hit the budget.
                const std::size_t keep = std::min<std::size_t>(g.tokens.size(), std::size_t(rows[i].budget));
                c.finished = g.stopped && keep == g.tokens.size();
                for (std::size_t t = 0; t < keep; ++t) {
                    const auto id = g.tokens[t];
                    if (id != m_endId)
                        c.text += m_tokenizer.tokenBytes(std::int32_t(id));
                    c.tokens.push_back(std::int32_t(id));
                    c.tokenEnds.push_back(std::uint32_t(c.text.size()));
                    c.logProbs.push_back(g.logProbs[t]);
                }
                m_decodedTokens += std::int64_t(g.tokens.size());
                out[rows[i].request].push_back(std::move(c));
            }
        }
    };
    decode(greedy);
    decode(sampled);
    return out;
}

} // namespace itool::search
