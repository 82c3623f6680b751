// Batched decoding with a KV cache (see decoder.h).
#include "core/model/decoder.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace itool::model {

std::int64_t pickToken(const float *logits, std::int64_t vocab, double temperature, double topP, double uniform)
{
    if (temperature <= 0.0)
        return std::max_element(logits, logits + vocab) - logits;
    const float maxLogit = *std::max_element(logits, logits + vocab);
    std::vector<std::pair<double, std::int64_t>> probs(static_cast<std::size_t>(vocab));
    double total = 0.0;
    for (std::int64_t i = 0; i < vocab; ++i) {
        const double p = std::exp((static_cast<double>(logits[i]) - maxLogit) / temperature);
        probs[static_cast<std::size_t>(i)] = {p, i};
        total += p;
    }
    // Highest first; ties by token id so the order never depends on the sort's stability.
    std::sort(probs.begin(), probs.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::size_t keep = probs.size();
    if (topP < 1.0) {
        double cumulative = 0.0;
        for (std::size_t i = 0; i < probs.size(); ++i) {
            cumulative += probs[i].first / total;
            if (cumulative >= topP) {
                keep = i + 1;
                break;
            }
        }
    }
    double kept = 0.0;
    for (std::size_t i = 0; i < keep; ++i)
        kept += probs[i].first;
    double target = uniform * kept;
    for (std::size_t i = 0; i < keep; ++i) {
        target -= probs[i].first;
        if (target < 0.0)
            return probs[i].second;
    }
    return probs[keep - 1].second;
}

std::vector<Generation> generate(LlamaForCausalLM &model, const std::vector<std::vector<std::int64_t>> &prompts,
                                 const SamplingOptions &options)
{
    torch::NoGradGuard noGrad;
    const auto B = static_cast<std::int64_t>(prompts.size());
    std::vector<Generation> out(prompts.size());
    if (B == 0 || options.maxNewTokens <= 0)
        return out;
    std::int64_t maxLen = 0;
    for (const auto &p : prompts) {
        TORCH_CHECK(!p.empty(), "generate: empty prompt");
        maxLen = std::max<std::int64_t>(maxLen, static_cast<std::int64_t>(p.size()));
    }
    const auto vocab = model->config().vocabSize;
    const auto device = model->model->embed_tokens->weight.device();

    // Left padding: every row's last prompt token sits in the last column.
    auto ids = torch::full({B, maxLen}, options.padToken, torch::kLong);
    auto keyMask = torch::zeros({B, maxLen}, torch::kBool);
    for (std::int64_t b = 0; b < B; ++b) {
        const auto &p = prompts[static_cast<std::size_t>(b)];
        const auto offset = maxLen - static_cast<std::int64_t>(p.size());
        for (std::size_t t = 0; t < p.size(); ++t) {
            TORCH_CHECK(p[t] >= 0 && p[t] < vocab, "generate: token id out of range");
            ids[b][offset + static_cast<std::int64_t>(t)] = p[t];
        }
        keyMask[b].narrow(0, offset, static_cast<std::int64_t>(p.size())).fill_(true);
    }
    ids = ids.to(device);
    keyMask = keyMask.to(device);
    auto positions = (keyMask.to(torch::kLong).cumsum(1) - 1).clamp_min(0);
    // Without padding the plain causal path is exact and cheaper (no per-step mask).
    bool padded = false;
    for (const auto &p : prompts)
        padded = padded || static_cast<std::int64_t>(p.size()) != maxLen;
    const auto maskOrNone = [&]() { return padded ? keyMask : torch::Tensor(); };
    const auto positionsOrNone = [&](const torch::Tensor &p) { return padded ? p : torch::Tensor(); };

    std::vector<std::mt19937_64> rngs;
    for (std::int64_t b = 0; b < B; ++b) {
        std::seed_seq seq{static_cast<std::uint32_t>(options.seed), static_cast<std::uint32_t>(options.seed >> 32),
                          static_cast<std::uint32_t>(b)};
        rngs.emplace_back(seq);
    }
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<bool> done(static_cast<std::size_t>(B), false);
    std::int64_t remaining = B;

    KVCache cache;
    auto logits = model->forward(ids, options.useCache ? &cache : nullptr, maskOrNone(), positionsOrNone(positions))
                      .select(1, -1);
    for (std::int64_t step = 0; step < options.maxNewTokens && remaining > 0; ++step) {
        auto raw = logits.to(torch::kFloat32).to(torch::kCPU).contiguous();
        auto logp = torch::log_softmax(raw, -1);
        const auto logpRows = logp.accessor<float, 2>();
        auto next = torch::empty({B, 1}, torch::kLong);
        for (std::int64_t b = 0; b < B; ++b) {
            const auto ub = static_cast<std::size_t>(b);
            std::int64_t token = options.padToken;
            if (!done[ub]) {
                const double u = options.temperature > 0.0 ? uniform(rngs[ub]) : 0.0;
                token = pickToken(raw[b].data_ptr<float>(), vocab, options.temperature, options.topP, u);
                out[ub].tokens.push_back(token);
                out[ub].logProbs.push_back(logpRows[b][token]);
                if (std::find(options.stopTokens.begin(), options.stopTokens.end(), token) != options.stopTokens.end()) {
                    out[ub].stopped = true;
                    done[ub] = true;
                    --remaining;
                }
            }
            next[b][0] = token;
        }
        if (remaining == 0 || step + 1 == options.maxNewTokens)
            break;
        next = next.to(device);
        const auto nextPos = positions.select(1, -1).unsqueeze(1) + 1;
        if (padded) {
            keyMask = torch::cat({keyMask, torch::ones({B, 1}, keyMask.options())}, 1);
            positions = torch::cat({positions, nextPos}, 1);
        }
        if (options.useCache) {
            logits = model->forward(next, &cache, maskOrNone(), positionsOrNone(nextPos)).select(1, -1);
        } else {
            ids = torch::cat({ids, next}, 1);
            logits = model->forward(ids, nullptr, maskOrNone(), positionsOrNone(positions)).select(1, -1);
        }
    }
    return out;
}

} // namespace itool::model
