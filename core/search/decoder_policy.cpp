// Decoder-backed search policy; see decoder_policy.h.
#include "core/search/decoder_policy.h"

#include "core/common/parallel_tasks.h"
#include "core/common/usable_cores.h"
#include "core/model/chat_template.h"
#include "core/model/decoder.h"
#include "core/model/threading.h"

#include <algorithm>
#include <set>

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
        std::uint64_t seed;
        bool greedy;
    };
    const auto context = m_model->config().maxPositionEmbeddings;
    std::vector<Row> rows;
    for (int pass = 0; pass < 2; ++pass) // greedy rows first: a chunk decodes at one temperature
        for (std::size_t r = 0; r < requests.size(); ++r) {
            const auto &req = requests[r];
            std::vector<std::int64_t> input(m_prompts.at(req.problem).begin(), m_prompts.at(req.problem).end());
            input.insert(input.end(), req.prefixTokens.begin(), req.prefixTokens.end());
            // The budget also stops at the model's context (the prompt was sized to leave room).
            const std::int64_t budget = std::max<std::int64_t>(
                1, std::min<std::int64_t>(req.maxNewTokens, context - std::int64_t(input.size())));
            for (int s = 0; s < req.samples; ++s)
                if ((s < req.greedy) == (pass == 0))
                    rows.push_back({r, input, budget, req.seed * 0x9e3779b97f4a7c15ULL + std::uint64_t(s) + 1,
                                    s < req.greedy});
        }
    const int workers = m_options.workers > 0 ? m_options.workers : int(usableCores());
    // Chunks of at most maxBatchRows rows, of one temperature, and enough of them for every
    // worker to have one.
    const std::size_t maxRows = std::size_t(std::max(1, m_options.maxBatchRows));
    const std::size_t perChunk = std::max<std::size_t>(
        1, std::min(maxRows, (rows.size() + std::size_t(workers) - 1) / std::size_t(workers)));
    std::vector<std::pair<std::size_t, std::size_t>> chunks;
    for (std::size_t begin = 0; begin < rows.size();) {
        std::size_t end = std::min(rows.size(), begin + perChunk);
        for (std::size_t i = begin + 1; i < end; ++i)
            if (rows[i].greedy != rows[begin].greedy) {
                end = i;
                break;
            }
        chunks.emplace_back(begin, end);
        begin = end;
    }
    std::vector<Continuation> decoded(rows.size());
    std::vector<std::int64_t> promptTokens(chunks.size(), 0), newTokens(chunks.size(), 0);
    {
        const model::WorkerThreadScope threads(workers);
        forEachTask(chunks.size(), workers, [&](std::size_t k) {
            const auto [begin, end] = chunks[k];
            std::vector<std::vector<std::int64_t>> inputs;
            model::SamplingOptions so;
            so.temperature = rows[begin].greedy ? 0.0 : m_options.temperature;
            so.topP = m_options.topP;
            so.maxNewTokens = 1;
            so.stopTokens = {m_endId};
            std::set<std::vector<std::int64_t>> distinct; // rows of one prompt share its prefill
            for (std::size_t i = begin; i < end; ++i) {
                inputs.push_back(rows[i].input);
                so.maxNewTokens = std::max(so.maxNewTokens, rows[i].budget);
                so.rowSeeds.push_back(rows[i].seed);
                if (distinct.insert(rows[i].input).second)
                    promptTokens[k] += std::int64_t(rows[i].input.size());
            }
            torch::NoGradGuard noGrad;
            const auto gens = model::generate(m_model, inputs, so);
            for (std::size_t i = begin; i < end; ++i) {
                const auto &g = gens[i - begin];
                Continuation &c = decoded[i];
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
                newTokens[k] += std::int64_t(g.tokens.size());
            }
        });
    }
    m_decoderCalls += std::int64_t(chunks.size());
    for (std::size_t k = 0; k < chunks.size(); ++k) {
        m_promptTokens += promptTokens[k];
        m_decodedTokens += newTokens[k];
    }
    // Back in request order, each request's greedy samples first.
    std::vector<std::vector<Continuation>> out(requests.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        out[rows[i].request].push_back(std::move(decoded[i]));
    return out;
}

} // namespace itool::search
