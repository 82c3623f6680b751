// Deficiency scores with the policy; see deficiency_scorer.h.
#include "core/search/deficiency_scorer.h"

#include "core/model/chat_template.h"
#include "core/toolcall/checker.h"
#include "core/search/decoder_policy.h"

#include <cmath>
#include <limits>

namespace itool::search {

std::vector<double> responsePerplexities(model::LlamaForCausalLM model, const model::BpeTokenizer &tokenizer,
                                         const std::vector<const data::Record *> &records, std::size_t maxTokens,
                                         int batchSize)
{
    torch::NoGradGuard guard;
    if (maxTokens == 0)
        maxTokens = std::size_t(model->config().maxPositionEmbeddings);
    std::vector<double> out(records.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t begin = 0; begin < records.size(); begin += std::size_t(batchSize)) {
        const std::size_t end = std::min(records.size(), begin + std::size_t(batchSize));
        std::vector<model::ChatTokens> chats;
        std::size_t T = 2;
        for (std::size_t i = begin; i < end; ++i) {
            chats.push_back(model::tokenizeChat(*records[i], tokenizer, maxTokens));
            T = std::max(T, chats.back().ids.size());
        }
        const auto B = std::int64_t(chats.size());
        auto ids = torch::zeros({B, std::int64_t(T)}, torch::kLong);
        auto mask = torch::zeros({B, std::int64_t(T) - 1}, torch::kFloat);
        for (std::int64_t r = 0; r < B; ++r) {
            const auto &c = chats[std::size_t(r)];
            for (std::size_t t = 0; t < c.ids.size(); ++t) {
                ids[r][std::int64_t(t)] = c.ids[t];
                if (t > 0 && c.answerMask[t])
                    mask[r][std::int64_t(t) - 1] = 1.0f;
            }
        }
        auto logits = model->forward(ids.slice(1, 0, std::int64_t(T) - 1));
        auto lp = torch::log_softmax(logits, -1).gather(-1, ids.slice(1, 1).unsqueeze(-1)).squeeze(-1);
        auto sums = (lp * mask).sum(1);
        auto counts = mask.sum(1);
        for (std::int64_t r = 0; r < B; ++r) {
            const double n = counts[r].item<double>();
            if (n > 0 && chats[std::size_t(r)].fits)
                out[begin + std::size_t(r)] = std::exp(-sums[r].item<double>() / n);
        }
    }
    return out;
}

std::vector<SampleOutcome> sampleOutcomes(model::LlamaForCausalLM model, const model::BpeTokenizer &tokenizer,
                                          const std::vector<const data::Record *> &records,
                                          const std::vector<TokenIds> &prompts, int k, double temperature,
                                          std::int64_t answerBudget, std::uint64_t seed, SampleCost *cost)
{
    torch::NoGradGuard guard;
    DecoderPolicyOptions po;
    po.temperature = temperature;
    DecoderPolicy policy(model, tokenizer, prompts, po);
    std::vector<ExpansionRequest> requests;
    for (std::size_t i = 0; i < records.size(); ++i) {
        ExpansionRequest req;
        req.problem = i;
        req.samples = k + 1;
        req.greedy = 1;
        req.maxNewTokens = answerBudget;
        req.seed = seed + i;
        requests.push_back(std::move(req));
    }
    const auto results = policy.expand(requests);
    std::vector<SampleOutcome> out(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto compiled = toolcall::compileCase(*records[i]);
        for (std::size_t s = 0; s < results[i].size(); ++s) {
            const auto &c = results[i][s];
            const bool right = c.finished && toolcall::checkRaw(*compiled, c.text).valid;
            if (s == 0) {
                out[i].greedyRight = right;
            } else {
                ++out[i].samples;
                out[i].right += right ? 1 : 0;
            }
        }
    }
    if (cost) {
        cost->promptTokens += policy.promptTokens();
        cost->decodedTokens += policy.decodedTokens();
    }
    return out;
}

} // namespace itool::search
