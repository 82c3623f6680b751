// Greedy prediction over records (see predictor.h).
#include "core/model/predictor.h"

#include "core/common/user_error.h"
#include "core/model/bpe_tokenizer.h"
#include "core/model/chat_template.h"
#include "core/model/decoder.h"
#include "core/model/model_io.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <numeric>

namespace itool::model {

std::vector<PredictionRow> predictRecords(const std::string &modelDir, const std::vector<data::Record> &records,
                                          const PredictOptions &o, PredictStats *stats,
                                          const std::function<void(std::size_t, std::size_t)> &progress)
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
    if (net->config().vocabSize != tokenizer.vocabSize())
        throw UserError(modelDir + ": the model's vocabulary (" + std::to_string(net->config().vocabSize)
                        + ") does not match tokenizer.json (" + std::to_string(tokenizer.vocabSize()) + ")");
    const auto end = tokenizer.requireSpecial(kEnd);
    const auto maxContext = static_cast<std::size_t>(net->config().maxPositionEmbeddings);
    const auto budget = static_cast<std::size_t>(std::min<std::int64_t>(o.maxNewTokens, net->config().maxPositionEmbeddings / 2));

    std::vector<std::vector<std::int64_t>> prompts(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto t = tokenizePrompt(records[i], tokenizer, maxContext, budget);
        prompts[i].assign(t.ids.begin(), t.ids.end());
    }
    // Similar lengths together: less padding per batch.
    std::vector<std::size_t> order(records.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return prompts[a].size() < prompts[b].size(); });

    std::vector<PredictionRow> rows(records.size());
    SamplingOptions s;
    s.stopTokens = {end};
    s.padToken = end;
    const auto start = std::chrono::steady_clock::now();
    std::int64_t generated = 0;
    for (std::size_t from = 0; from < order.size(); from += static_cast<std::size_t>(o.batchSize)) {
        const auto to = std::min(order.size(), from + static_cast<std::size_t>(o.batchSize));
        std::vector<std::vector<std::int64_t>> batch;
        std::size_t longest = 0;
        for (auto k = from; k < to; ++k) {
            batch.push_back(prompts[order[k]]);
            longest = std::max(longest, prompts[order[k]].size());
        }
        s.maxNewTokens = static_cast<std::int64_t>(std::min(budget, maxContext > longest ? maxContext - longest : 1));
        const auto out = generate(net, batch, s);
        for (auto k = from; k < to; ++k) {
            const auto &g = out[k - from];
            auto &row = rows[order[k]];
            row.id = records[order[k]].id;
            row.tokens = static_cast<std::int64_t>(g.tokens.size());
            row.stopped = g.stopped;
            std::vector<std::int32_t> ids(g.tokens.begin(), g.tokens.end());
            if (g.stopped && !ids.empty())
                ids.pop_back();
            row.result = tokenizer.decode(ids, /*skipSpecials=*/true);
            generated += row.tokens;
        }
        if (progress)
            progress(to, order.size());
    }
    if (stats) {
        stats->tokens = generated;
        stats->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    return rows;
}

} // namespace itool::model
