// Preference trainer; see preference_trainer.h.
#include "core/train/preference_trainer.h"

#include "core/train/adamw.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace itool::train {

namespace {

struct Batch
{
    torch::Tensor ids;    // [2B, T]: chosen rows then rejected rows, right-padded
    torch::Tensor mask;   // [2B, T-1] over targets: 1 on the response tokens
};

Batch makeBatch(const std::vector<PreferenceExample> &pairs, const std::vector<std::size_t> &index,
                std::int64_t maxTokens)
{
    std::vector<std::vector<std::int32_t>> seqs;
    std::vector<std::size_t> promptLens;
    for (int side = 0; side < 2; ++side)
        for (auto i : index) {
            const auto &p = pairs[i];
            const auto &resp = side == 0 ? p.chosen : p.rejected;
            std::vector<std::int32_t> prompt = p.prompt;
            if (maxTokens > 0 && std::int64_t(prompt.size() + resp.size()) > maxTokens) {
                const auto cut = std::min<std::int64_t>(std::int64_t(prompt.size()) - 1,
                                                        std::int64_t(prompt.size() + resp.size()) - maxTokens);
                if (cut > 0)
                    prompt.erase(prompt.begin(), prompt.begin() + cut);
            }
            promptLens.push_back(prompt.size());
            prompt.insert(prompt.end(), resp.begin(), resp.end());
            seqs.push_back(std::move(prompt));
        }
    std::size_t T = 0;
    for (const auto &s : seqs)
        T = std::max(T, s.size());
    T = std::max<std::size_t>(T, 2);
    const auto rows = std::int64_t(seqs.size());
    auto ids = torch::zeros({rows, std::int64_t(T)}, torch::kLong);
    auto mask = torch::zeros({rows, std::int64_t(T) - 1}, torch::kFloat);
    auto ia = ids.accessor<std::int64_t, 2>();
    auto ma = mask.accessor<float, 2>();
    for (std::int64_t r = 0; r < rows; ++r) {
        const auto &s = seqs[std::size_t(r)];
        for (std::size_t t = 0; t < s.size(); ++t)
            ia[r][std::int64_t(t)] = s[t];
        // target position t-1 predicts token t; response tokens are t >= promptLen
        for (std::size_t t = std::max<std::size_t>(1, promptLens[std::size_t(r)]); t < s.size(); ++t)
            ma[r][std::int64_t(t) - 1] = 1.0f;
    }
    return {ids, mask};
}

// Per-row sums and counts of the response log-probs.
SequenceLogProbs rowLogProbs(model::LlamaForCausalLM &model, const Batch &b)
{
    const auto T = b.ids.size(1);
    auto logits = model->forward(b.ids.slice(1, 0, T - 1));
    auto lp = tokenLogProbs(logits.to(torch::kFloat), b.ids.slice(1, 1, T));
    return sequenceLogProbs(lp, b.mask);
}

SequenceLogProbs rows(const SequenceLogProbs &s, std::int64_t from, std::int64_t to)
{
    return {s.sum.slice(0, from, to), s.count.slice(0, from, to)};
}

std::vector<std::vector<std::size_t>> batches(std::size_t n, int size, std::mt19937_64 &rng, bool shuffle)
{
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    if (shuffle)
        std::shuffle(order.begin(), order.end(), rng);
    std::vector<std::vector<std::size_t>> out;
    for (std::size_t i = 0; i < n; i += std::size_t(size))
        out.emplace_back(order.begin() + std::ptrdiff_t(i),
                         order.begin() + std::ptrdiff_t(std::min(n, i + std::size_t(size))));
    return out;
}

bool needsReference(const PreferenceLossOptions &o)
{
    return o.kind == PreferenceLossKind::DPO || o.kind == PreferenceLossKind::IPO;
}

// Reference sums/counts for every pair, chosen then rejected, from the current weights.
std::vector<std::pair<SequenceLogProbs, SequenceLogProbs>> referenceLogProbs(
    model::LlamaForCausalLM &model, const std::vector<PreferenceExample> &pairs, const PreferenceTrainOptions &o)
{
    torch::NoGradGuard guard;
    std::vector<std::pair<SequenceLogProbs, SequenceLogProbs>> out(pairs.size());
    std::mt19937_64 rng(0);
    for (const auto &idx : batches(pairs.size(), o.batchPairs, rng, false)) {
        const auto b = makeBatch(pairs, idx, o.maxTokens);
        const auto s = rowLogProbs(model, b);
        const auto n = std::int64_t(idx.size());
        for (std::int64_t k = 0; k < n; ++k) {
            out[idx[std::size_t(k)]].first = {s.sum.slice(0, k, k + 1).clone(), s.count.slice(0, k, k + 1).clone()};
            out[idx[std::size_t(k)]].second = {s.sum.slice(0, n + k, n + k + 1).clone(),
                                               s.count.slice(0, n + k, n + k + 1).clone()};
        }
    }
    return out;
}

SequenceLogProbs gatherRef(const std::vector<std::pair<SequenceLogProbs, SequenceLogProbs>> &ref,
                           const std::vector<std::size_t> &idx, bool chosen)
{
    std::vector<torch::Tensor> sums, counts;
    for (auto i : idx) {
        const auto &s = chosen ? ref[i].first : ref[i].second;
        sums.push_back(s.sum);
        counts.push_back(s.count);
    }
    return {torch::cat(sums), torch::cat(counts)};
}

} // namespace

PreferenceStep evaluatePreferences(model::LlamaForCausalLM model, const std::vector<PreferenceExample> &pairs,
                                   const PreferenceTrainOptions &o)
{
    PreferenceStep out;
    if (pairs.empty())
        return out;
    torch::NoGradGuard guard;
    const auto ref = needsReference(o.loss) ? referenceLogProbs(model, pairs, o)
                                            : std::vector<std::pair<SequenceLogProbs, SequenceLogProbs>>{};
    std::mt19937_64 rng(0);
    double loss = 0, margin = 0, acc = 0;
    for (const auto &idx : batches(pairs.size(), o.batchPairs, rng, false)) {
        const auto b = makeBatch(pairs, idx, o.maxTokens);
        const auto s = rowLogProbs(model, b);
        const auto n = std::int64_t(idx.size());
        SequenceLogProbs rc, rr;
        if (!ref.empty()) {
            rc = gatherRef(ref, idx, true);
            rr = gatherRef(ref, idx, false);
        }
        const auto r = preferenceLoss(rows(s, 0, n), rows(s, n, 2 * n), ref.empty() ? nullptr : &rc,
                                      ref.empty() ? nullptr : &rr, o.loss);
        loss += r.perPair.sum().item<double>();
        margin += (r.chosenReward - r.rejectedReward).sum().item<double>();
        acc += (r.chosenReward > r.rejectedReward).to(torch::kDouble).sum().item<double>();
    }
    const double n = double(pairs.size());
    out.loss = loss / n;
    out.margin = margin / n;
    out.accuracy = acc / n;
    return out;
}

PreferenceTrainResult trainPreferences(model::LlamaForCausalLM model, const std::vector<PreferenceExample> &pairs,
                                       const PreferenceTrainOptions &o,
                                       const std::function<void(const PreferenceStep &)> &onStep,
                                       const std::atomic<bool> *cancel)
{
    PreferenceTrainResult result;
    if (pairs.empty())
        return result;
    const auto ref = needsReference(o.loss) ? referenceLogProbs(model, pairs, o)
                                            : std::vector<std::pair<SequenceLogProbs, SequenceLogProbs>>{};
    model->train();
    FlatAdamW opt(model->namedWeights(), AdamWOptions{o.lr, 0.9, 0.95, 1e-8, o.weightDecay});
    std::mt19937_64 rng(o.seed);
    const auto perEpoch = std::int64_t((pairs.size() + std::size_t(o.batchPairs) - 1) / std::size_t(o.batchPairs));
    const auto total = perEpoch * o.epochs;
    std::int64_t step = 0;
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
        double epochLoss = 0, epochMargin = 0, epochAcc = 0;
        for (const auto &idx : batches(pairs.size(), o.batchPairs, rng, true)) {
            if (cancel && cancel->load()) {
                result.cancelled = true;
                return result;
            }
            const auto b = makeBatch(pairs, idx, o.maxTokens);
            opt.zeroGrad();
            const auto s = rowLogProbs(model, b);
            const auto n = std::int64_t(idx.size());
            SequenceLogProbs rc, rr;
            if (!ref.empty()) {
                rc = gatherRef(ref, idx, true);
                rr = gatherRef(ref, idx, false);
            }
            const auto r = preferenceLoss(rows(s, 0, n), rows(s, n, 2 * n), ref.empty() ? nullptr : &rc,
                                          ref.empty() ? nullptr : &rr, o.loss);
            r.loss.backward();
            PreferenceStep st;
            st.gradNorm = opt.clipGradNorm(o.clipNorm);
            const double lr = o.warmupSteps > 0 && step < o.warmupSteps ? o.lr * double(step + 1) / double(o.warmupSteps + 1)
                                                                        : o.lr;
            opt.step(lr);
            ++step;
            st.step = step;
            st.totalSteps = total;
            st.loss = r.loss.item<double>();
            st.margin = r.margin();
            st.accuracy = r.accuracy();
            epochLoss += r.perPair.sum().item<double>();
            epochMargin += (r.chosenReward - r.rejectedReward).sum().item<double>();
            epochAcc += (r.chosenReward > r.rejectedReward).to(torch::kDouble).sum().item<double>();
            result.steps.push_back(st);
            if (onStep)
                onStep(st);
        }
        const double n = double(pairs.size());
        if (epoch == 0)
            result.firstEpochLoss = epochLoss / n;
        result.lastEpochLoss = epochLoss / n;
        result.lastEpochMargin = epochMargin / n;
        result.lastEpochAccuracy = epochAcc / n;
    }
    model->eval();
    return result;
}

} // namespace itool::train
