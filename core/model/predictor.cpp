// Greedy prediction over records (see predictor.h and greedy_decoding.h).
#include "core/model/predictor.h"

#include "core/common/user_error.h"
#include "core/model/chat_template.h"
#include "core/model/decoder.h"
#include "core/model/greedy_decoding.h"
#include "core/model/model_io.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <numeric>

namespace itool::model {

std::vector<PredictionRow> predictRecords(LlamaForCausalLM &net, const BpeTokenizer &tokenizer,
                                          const std::vector<data::Record> &records, const PredictOptions &o,
                                          PredictStats *stats, const PredictProgress &progress,
                                          const std::atomic<bool> *cancel)
{
    if (o.batchSize < 1 || o.maxNewTokens < 0 || o.maxTokens < 0)
        throw UserError("predict: batch size must be at least 1, token limits not negative");
    if (net->config().vocabSize != tokenizer.vocabSize())
        throw UserError("the model's vocabulary (" + std::to_string(net->config().vocabSize)
                        + ") does not match the tokenizer's (" + std::to_string(tokenizer.vocabSize()) + ")");
    torch::NoGradGuard noGrad;
    const auto end = tokenizer.requireSpecial(kEnd);
    const std::int64_t modelContext = net->config().maxPositionEmbeddings;
    const auto context = static_cast<std::size_t>(o.maxTokens > 0 ? std::min(o.maxTokens, modelContext) : modelContext);
    const std::int64_t wanted = o.maxNewTokens > 0 ? o.maxNewTokens : answerTokenBudget(records, tokenizer);
    // At least a quarter of the context stays for the prompt.
    const auto budget = static_cast<std::size_t>(std::clamp<std::int64_t>(wanted, 1, std::int64_t(context) * 3 / 4));

    std::vector<std::vector<std::int64_t>> prompts(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto t = tokenizePrompt(records[i], tokenizer, context, budget);
        prompts[i].assign(t.ids.begin(), t.ids.end());
    }
    // Similar lengths together: less padding per batch.
    std::vector<std::size_t> order(records.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return prompts[a].size() < prompts[b].size(); });

    std::vector<PredictionRow> rows(records.size());
    for (std::size_t i = 0; i < records.size(); ++i)
        rows[i].id = records[i].id;
    SamplingOptions s;
    s.stopTokens = {end};
    s.padToken = end;
    const auto start = std::chrono::steady_clock::now();
    PredictStats local;
    local.budget = std::int64_t(budget);
    for (std::size_t from = 0; from < order.size(); from += static_cast<std::size_t>(o.batchSize)) {
        if (cancel && cancel->load()) {
            local.cancelled = true;
            break;
        }
        const auto to = std::min(order.size(), from + static_cast<std::size_t>(o.batchSize));
        std::vector<std::vector<std::int64_t>> batch;
        std::size_t longest = 0;
        for (auto k = from; k < to; ++k) {
            batch.push_back(prompts[order[k]]);
            longest = std::max(longest, prompts[order[k]].size());
        }
        s.maxNewTokens = static_cast<std::int64_t>(std::min(budget, context > longest ? context - longest : 1));
        const auto out = generate(net, batch, s);
        for (auto k = from; k < to; ++k) {
            const auto &g = out[k - from];
            auto &row = rows[order[k]];
            row.tokens = static_cast<std::int64_t>(g.tokens.size());
            row.stopped = g.stopped;
            std::vector<std::int32_t> ids(g.tokens.begin(), g.tokens.end());
            if (g.stopped && !ids.empty())
                ids.pop_back();
            row.result = tokenizer.decode(ids, /*skipSpecials=*/true);
            local.tokens += row.tokens;
            local.cutByBudget += g.stopped ? 0 : 1;
        }
        if (progress)
            progress(to, order.size());
    }
    local.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (stats)
        *stats = local;
    return rows;
}

std::vector<PredictionRow> predictRecords(const std::string &modelDir, const std::vector<data::Record> &records,
                                          const PredictOptions &o, PredictStats *stats,
                                          const PredictProgress &progress, const std::atomic<bool> *cancel)
{
    applyThreadSettings(o.threads);
    // model/ carries its tokenizer; stage-<name>/ folders use the run folder's one above.
    auto tokenizerPath = (std::filesystem::path(modelDir) / "tokenizer.json").string();
    if (!std::filesystem::exists(tokenizerPath))
        tokenizerPath = (std::filesystem::path(modelDir).parent_path() / "tokenizer.json").string();
    if (!std::filesystem::exists(tokenizerPath))
        throw UserError(modelDir + ": no tokenizer.json in it or in the folder above");
    const auto tokenizer = BpeTokenizer::load(tokenizerPath);
    auto net = loadModel(modelDir);
    try {
        return predictRecords(net, tokenizer, records, o, stats, progress, cancel);
    } catch (const UserError &e) {
        throw UserError(modelDir + ": " + e.what());
    }
}

} // namespace itool::model
