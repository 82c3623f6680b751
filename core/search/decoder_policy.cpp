// Decoder-backed search policy; see decoder_policy.h.
#include "core/search/decoder_policy.h"

#include "core/model/chat_template.h"
#include "core/model/decoder.h"

#include <algorithm>

namespace itool::search {

DecoderPolicy::DecoderPolicy(model::LlamaForCausalLM model, const model::BpeTokenizer &tokenizer,
                             std::vector<const data::Record *> records, DecoderPolicyOptions options)
    : m_model(std::move(model)), m_tokenizer(tokenizer), m_records(std::move(records)), m_options(options)
{
    m_endId = tokenizer.requireSpecial(model::kEnd);
    const auto context = std::size_t(m_model->config().maxPositionEmbeddings);
    const std::size_t budget = std::size_t(std::max<std::int64_t>(1, m_options.maxNewTokens));
    const std::size_t maxPrompt =
        m_options.maxPromptTokens > 0 ? m_options.maxPromptTokens : (context > budget ? context - budget : context);
    for (const auto *r : m_records) {
        // Leave room for the longest prefix the tree can hold (about one answer) too.
        const auto chat = model::tokenizePrompt(*r, tokenizer, maxPrompt, budget);
        m_promptIds.emplace_back(chat.ids.begin(), chat.ids.end());
    }
}

std::vector<std::vector<Continuation>> DecoderPolicy::expand(const std::vector<ExpansionRequest> &requests)
{
    struct Row
    {
        std::size_t request;
        std::vector<std::int64_t> prompt;
    };
    std::vector<Row> rows;
    const auto context = m_model->config().maxPositionEmbeddings;
    for (std::size_t r = 0; r < requests.size(); ++r) {
        std::vector<std::int64_t> prompt = m_promptIds.at(requests[r].problem);
        for (auto id : m_tokenizer.encode(requests[r].prefix))
            prompt.push_back(id);
        // Keep the newest context when prefix + prompt + budget overflow the model's positions.
        const auto room = context - m_options.maxNewTokens;
        if (room > 0 && std::int64_t(prompt.size()) > room)
            prompt.erase(prompt.begin(), prompt.begin() + (std::int64_t(prompt.size()) - room));
        for (int s = 0; s < requests[r].samples; ++s)
            rows.push_back({r, prompt});
    }
    std::vector<std::vector<Continuation>> out(requests.size());
    const std::size_t chunk = std::size_t(std::max(1, m_options.maxBatchRows));
    for (std::size_t begin = 0; begin < rows.size(); begin += chunk) {
        const std::size_t end = std::min(rows.size(), begin + chunk);
        std::vector<std::vector<std::int64_t>> prompts;
        for (std::size_t i = begin; i < end; ++i)
            prompts.push_back(rows[i].prompt);
        model::SamplingOptions so;
        so.temperature = m_options.temperature;
        so.topP = m_options.topP;
        so.maxNewTokens = m_options.maxNewTokens;
        so.stopTokens = {m_endId};
        // The chunk's seed: its first row's request seed and the row's sample index, so
        // that one-sample chunks still give each sample its own stream.
        std::uint64_t seed = requests[rows[begin].request].seed;
        seed ^= std::uint64_t(begin) * 0x9e3779b97f4a7c15ULL;
        so.seed = seed;
        const auto gens = model::generate(m_model, prompts, so);
        ++m_decoderCalls;
        for (std::size_t i = begin; i < end; ++i) {
            const auto &g = gens[i - begin];
            Continuation c;
            c.finished = g.stopped;
            for (std::size_t t = 0; t < g.tokens.size(); ++t) {
                const auto id = g.tokens[t];
                if (id != m_endId)
                    c.text += m_tokenizer.tokenBytes(std::int32_t(id));
                c.tokenEnds.push_back(std::uint32_t(c.text.size()));
                c.logProbs.push_back(g.logProbs[t]);
            }
            m_decodedTokens += std::int64_t(g.tokens.size());
            out[rows[i].request].push_back(std::move(c));
        }
    }
    return out;
}

} // namespace itool::search
