// Batched decoding with a KV cache (see decoder.h).
#include "core/model/decoder.h"

#include <algorithm>
#include <cmath>
#include <map>
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
    TORCH_CHECK(options.rowSeeds.empty() || std::int64_t(options.rowSeeds.size()) == B,
                "generate: one row seed per prompt");
    for (std::int64_t b = 0; b < B; ++b) {
        if (!options.rowSeeds.empty()) {
            const auto s = options.rowSeeds[static_cast<std::size_t>(b)];
            std::seed_seq seq{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s >> 32), 0x9e37u};
            rngs.emplace_back(seq);
            continue;
        }
        std::seed_seq seq{static_cast<std::uint32_t>(options.seed), static_cast<std::uint32_t>(options.seed >> 32),
                          static_cast<std::uint32_t>(b)};
        rngs.emplace_back(seq);
    }
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    // The batch rows still decoding: row r of the tensors below is prompt active[r]. Finished
    // rows are dropped from the batch (and the cache) once a quarter of it has finished, so a
    // batch whose answers differ in length (sampling) does not decode the longest one's length
    // for every row.
    std::vector<std::int64_t> active(static_cast<std::size_t>(B));
    std::iota(active.begin(), active.end(), 0);

    KVCache cache;
    // Only the last position's logits are needed from the prompt. Rows with the same prompt
    // (several samples of one request) share one prefill: the cache is computed for the
    // distinct prompts and then copied out to their rows.
    auto logits = [&]() {
        if (!options.useCache)
            return model->forward(ids, nullptr, maskOrNone(), positionsOrNone(positions)).select(1, -1);
        std::map<std::vector<std::int64_t>, std::int64_t> distinct;
        std::vector<std::int64_t> firstRows, rowToDistinct;
        for (std::int64_t b = 0; b < B; ++b) {
            const auto [it, added] = distinct.emplace(prompts[static_cast<std::size_t>(b)], std::int64_t(firstRows.size()));
            if (added)
                firstRows.push_back(b);
            rowToDistinct.push_back(it->second);
        }
        if (std::int64_t(firstRows.size()) == B) {
            const auto h = model->hidden(ids, &cache, maskOrNone(), positionsOrNone(positions));
            return model->logitsFromHidden(h.select(1, -1));
        }
        const auto first = torch::tensor(firstRows, torch::kLong).to(device);
        const auto h = model->hidden(ids.index_select(0, first), &cache,
                                     padded ? keyMask.index_select(0, first) : torch::Tensor(),
                                     padded ? positions.index_select(0, first) : torch::Tensor());
        const auto spread = torch::tensor(rowToDistinct, torch::kLong).to(device);
        cache.selectRows(spread);
        return model->logitsFromHidden(h.select(1, -1)).index_select(0, spread);
    }();
    std::vector<bool> rowDone(static_cast<std::size_t>(B), false); // per batch row
    for (std::int64_t step = 0; step < options.maxNewTokens; ++step) {
        const auto rows = static_cast<std::int64_t>(active.size());
        auto raw = logits.to(torch::kFloat32).to(torch::kCPU).contiguous();
        auto logp = torch::log_softmax(raw, -1);
        const auto logpRows = logp.accessor<float, 2>();
        auto next = torch::full({rows, 1}, options.padToken, torch::kLong);
        std::int64_t live = 0;
        for (std::int64_t r = 0; r < rows; ++r) {
            if (rowDone[static_cast<std::size_t>(r)])
                continue;
            auto &gen = out[static_cast<std::size_t>(active[static_cast<std::size_t>(r)])];
            const double u = options.temperature > 0.0
                                 ? uniform(rngs[static_cast<std::size_t>(active[static_cast<std::size_t>(r)])])
                                 : 0.0;
            const std::int64_t token = pickToken(raw[r].data_ptr<float>(), vocab, options.temperature, options.topP, u);
            gen.tokens.push_back(token);
            gen.logProbs.push_back(logpRows[r][token]);
            next[r][0] = token;
            if (std::find(options.stopTokens.begin(), options.stopTokens.end(), token) != options.stopTokens.end()) {
                gen.stopped = true;
                rowDone[static_cast<std::size_t>(r)] = true;
            } else {
                ++live;
            }
        }
        if (live == 0 || step + 1 == options.maxNewTokens)
            break;
        next = next.to(device);
        auto nextPos = positions.select(1, -1).unsqueeze(1) + 1;
        if (padded) {
            keyMask = torch::cat({keyMask, torch::ones({rows, 1}, keyMask.options())}, 1);
            positions = torch::cat({positions, nextPos}, 1);
        }
        if (!options.useCache)
            ids = torch::cat({ids, next}, 1);
        if (live * 4 <= rows * 3) {
            std::vector<std::int64_t> keep, still;
            for (std::int64_t r = 0; r < rows; ++r)
                if (!rowDone[static_cast<std::size_t>(r)]) {
                    keep.push_back(r);
                    still.push_back(active[static_cast<std::size_t>(r)]);
                }
            const auto index = torch::tensor(keep, torch::kLong).to(device);
            if (options.useCache)
                cache.selectRows(index);
            else
                ids = ids.index_select(0, index);
            next = next.index_select(0, index);
            nextPos = nextPos.index_select(0, index);
            keyMask = keyMask.index_select(0, index);
            positions = positions.index_select(0, index);
            active = std::move(still);
            rowDone.assign(active.size(), false);
        }
        if (options.useCache)
            logits = model->forward(next, &cache, maskOrNone(), positionsOrNone(nextPos)).select(1, -1);
        else
            logits = model->forward(ids, nullptr, maskOrNone(), positionsOrNone(positions)).select(1, -1);
    }
    return out;
}

} // namespace itool::model
