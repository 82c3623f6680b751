// Preference trainer; see preference_trainer.h.
#include "core/train/preference_trainer.h"

#include "core/model/threading.h"
#include "core/train/adamw.h"
#include "core/train/data_parallel_group.h"
#include "core/train/lr_schedule.h"

#include <algorithm>
#include <cmath>
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

// Per-row sums and counts of the response log-probs. The vocabulary projection runs only at
// the response positions (a few percent of each row: the rest is prompt and prefix).
SequenceLogProbs rowLogProbs(model::LlamaForCausalLM &model, const Batch &b)
{
    const auto T = b.ids.size(1);
    const auto rows = b.ids.size(0);
    const auto h = model->hidden(b.ids.slice(1, 0, T - 1));              // [R, T-1, C]
    const auto positions = b.mask.reshape({-1}).nonzero().view({-1});    // [P] response positions
    const auto logits = model->logitsFromHidden(h.reshape({-1, h.size(-1)}).index_select(0, positions));
    const auto targets = b.ids.slice(1, 1, T).reshape({-1}).index_select(0, positions);
    const auto lp = torch::log_softmax(logits.to(torch::kFloat), -1).gather(1, targets.unsqueeze(1)).squeeze(1);
    const auto rowOf = torch::div(positions, T - 1, "floor");
    SequenceLogProbs out;
    out.sum = torch::zeros({rows}, lp.options()).index_add(0, rowOf, lp);
    out.count = b.mask.sum(1).clamp_min(1.0);
    return out;
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

// One batch's (or one worker's share's) losses: what the optimiser minimises and the
// statistics reported, all as sums over the share's pairs.
struct ShareLoss
{
    torch::Tensor objective; // sum over the pairs of (preference loss + w x chosen NLL)
    double loss = 0, margin = 0, right = 0, chosenNll = 0;
};

ShareLoss shareLoss(model::LlamaForCausalLM &model, const std::vector<PreferenceExample> &pairs,
                    const std::vector<std::size_t> &idx, const PreferenceTrainOptions &o,
                    const std::vector<std::pair<SequenceLogProbs, SequenceLogProbs>> &ref)
{
    const auto b = makeBatch(pairs, idx, o.maxTokens);
    const auto s = rowLogProbs(model, b);
    const auto n = std::int64_t(idx.size());
    SequenceLogProbs rc, rr;
    if (!ref.empty()) {
        rc = gatherRef(ref, idx, true);
        rr = gatherRef(ref, idx, false);
    }
    const auto chosen = rows(s, 0, n);
    const auto r = preferenceLoss(chosen, rows(s, n, 2 * n), ref.empty() ? nullptr : &rc,
                                  ref.empty() ? nullptr : &rr, o.loss);
    const auto nll = -chosen.mean(); // [n]: mean token NLL of each chosen fragment
    ShareLoss out;
    out.objective = r.perPair.sum();
    if (o.chosenNllWeight > 0)
        out.objective = out.objective + o.chosenNllWeight * nll.sum();
    out.loss = out.objective.item<double>();
    out.margin = (r.chosenReward - r.rejectedReward).sum().item<double>();
    out.right = (r.chosenReward > r.rejectedReward).to(torch::kDouble).sum().item<double>();
    out.chosenNll = nll.sum().item<double>();
    return out;
}

} // namespace

std::int64_t preferenceSteps(std::size_t pairs, const PreferenceTrainOptions &o)
{
    if (pairs == 0)
        return 0;
    if (o.steps > 0)
        return o.steps;
    const auto perEpoch = std::int64_t((pairs + std::size_t(o.batchPairs) - 1) / std::size_t(o.batchPairs));
    return perEpoch * std::max(0, o.epochs);
}

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
    double loss = 0, margin = 0, right = 0;
    for (const auto &idx : batches(pairs.size(), o.batchPairs, rng, false)) {
        const auto share = shareLoss(model, pairs, idx, o, ref);
        loss += share.loss;
        margin += share.margin;
        right += share.right;
    }
    const double n = double(pairs.size());
    out.loss = loss / n;
    out.margin = margin / n;
    out.accuracy = right / n;
    return out;
}

PreferenceTrainResult trainPreferences(model::LlamaForCausalLM model, const std::vector<PreferenceExample> &pairs,
                                       const PreferenceTrainOptions &o, const PreferenceCallbacks &callbacks,
                                       const std::atomic<bool> *cancel)
{
    PreferenceTrainResult result;
    const std::int64_t total = preferenceSteps(pairs.size(), o);
    if (total == 0)
        return result;
    const auto ref = needsReference(o.loss) ? referenceLogProbs(model, pairs, o)
                                            : std::vector<std::pair<SequenceLogProbs, SequenceLogProbs>>{};
    model->train();
    FlatAdamW opt(model->namedWeights(), AdamWOptions{o.lr, 0.9, 0.95, 1e-8, o.weightDecay});
    const auto warmup = std::int64_t(std::ceil(o.warmupRatio * double(total)));
    const CosineSchedule schedule{o.lr, o.minLrRatio, warmup, total};
    // More workers than pairs in a batch would leave some without work.
    const std::size_t workers = std::clamp<std::size_t>(o.workers, 1, std::size_t(std::max(1, o.batchPairs)));
    const model::WorkerThreadScope workerThreads(int(workers));
    DataParallelGroup group(model, model->config(), workers);
    std::mt19937_64 rng(o.seed);
    PreferenceEpoch epoch;
    auto closeEpoch = [&]() {
        if (epoch.pairs == 0)
            return;
        const double n = double(epoch.pairs);
        epoch.loss /= n;
        epoch.margin /= n;
        epoch.accuracy /= n;
        epoch.chosenNll /= n;
        if (result.epochs.empty())
            result.firstEpochLoss = epoch.loss;
        result.lastEpochLoss = epoch.loss;
        result.lastEpochMargin = epoch.margin;
        result.lastEpochAccuracy = epoch.accuracy;
        result.epochs.push_back(epoch);
        if (callbacks.onEpoch)
            callbacks.onEpoch(epoch);
        epoch = PreferenceEpoch{};
        epoch.epoch = int(result.epochs.size());
    };
    std::int64_t step = 0;
    while (step < total) {
        for (const auto &idx : batches(pairs.size(), o.batchPairs, rng, true)) {
            if (step >= total)
                break;
            if (cancel && cancel->load()) {
                result.cancelled = true;
                model->eval();
                return result;
            }
            // Pairs dealt out to the workers one by one; each worker's objective is divided by
            // the whole batch's size, so the reduced gradient is that of the batch mean.
            std::vector<std::vector<std::size_t>> shares(workers);
            for (std::size_t k = 0; k < idx.size(); ++k)
                shares[k % workers].push_back(idx[k]);
            opt.zeroGrad();
            group.broadcast(opt.flatParameters());
            std::vector<ShareLoss> losses(workers);
            group.run([&](std::size_t w) {
                if (shares[w].empty())
                    return;
                losses[w] = shareLoss(group.model(w), pairs, shares[w], o, ref);
                (losses[w].objective / double(idx.size())).backward();
            });
            group.reduceInto(opt.flatGradients());
            PreferenceStep st;
            st.gradNorm = opt.clipGradNorm(o.clipNorm);
            st.lr = schedule.at(step);
            opt.step(st.lr);
            ++step;
            double loss = 0, margin = 0, right = 0, nll = 0;
            for (const auto &l : losses) {
                loss += l.loss;
                margin += l.margin;
                right += l.right;
                nll += l.chosenNll;
            }
            const double n = double(idx.size());
            st.step = step;
            st.totalSteps = total;
            st.epoch = epoch.epoch;
            st.loss = loss / n;
            st.margin = margin / n;
            st.accuracy = right / n;
            epoch.pairs += std::int64_t(idx.size());
            epoch.loss += loss;
            epoch.margin += margin;
            epoch.accuracy += right;
            epoch.chosenNll += nll;
            for (auto i : idx)
                result.tokens += std::int64_t(2 * pairs[i].prompt.size() + pairs[i].chosen.size() + pairs[i].rejected.size());
            result.steps.push_back(st);
            if (callbacks.onStep)
                callbacks.onStep(st);
        }
        closeEpoch();
    }
    model->eval();
    return result;
}

} // namespace itool::train
