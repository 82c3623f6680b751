// Greedy prediction over records (see predictor.h and greedy_decoding.h).
#include "core/model/predictor.h"

#include "core/common/parallel_tasks.h"
#include "core/common/usable_cores.h"
#include "core/common/user_error.h"
#include "core/model/chat_template.h"
#include "core/model/decoder.h"
#include "core/model/greedy_decoding.h"
#include "core/model/model_io.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
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
    const auto start = std::chrono::steady_clock::now();
    PredictStats local;
    local.budget = std::int64_t(budget);
    const std::size_t batch = static_cast<std::size_t>(o.batchSize);
    const std::size_t batches = (order.size() + batch - 1) / batch;
    const int workers = o.workers > 0 ? o.workers : int(usableCores());
    std::mutex progressMutex;
    std::size_t done = 0;
    std::atomic<bool> stopped{false};
    {
        const WorkerThreadScope threads(workers);
        forEachTask(batches, workers, [&](std::size_t k) {
            if (stopped.load() || (cancel && cancel->load())) {
                stopped.store(true);
                return;
            }
            const auto from = k * batch, to = std::min(order.size(), from + batch);
            std::vector<std::vector<std::int64_t>> prompts_;
            std::size_t longest = 0;
            for (auto i = from; i < to; ++i) {
                prompts_.push_back(prompts[order[i]]);
                longest = std::max(longest, prompts[order[i]].size());
            }
            SamplingOptions s;
            s.stopTokens = {end};
            s.padToken = end;
            s.maxNewTokens = static_cast<std::int64_t>(std::min(budget, context > longest ? context - longest : 1));
            torch::NoGradGuard guard;
            const auto out = generate(net, prompts_, s);
            for (auto i = from; i < to; ++i) {
                const auto &g = out[i - from];
                auto &row = rows[order[i]];
                row.tokens = static_cast<std::int64_t>(g.tokens.size());
                row.stopped = g.stopped;
                std::vector<std::int32_t> ids(g.tokens.begin(), g.tokens.end());
                if (g.stopped && !ids.empty())
                    ids.pop_back();
                row.result = tokenizer.decode(ids, /*skipSpecials=*/true);
            }
            const std::lock_guard<std::mutex> lock(progressMutex);
            done += to - from;
            if (progress)
                progress(done, order.size());
        });
    }
    local.cancelled = stopped.load();
    for (const auto &row : rows) {
        local.tokens += row.tokens;
        local.cutByBudget += row.tokens > 0 && !row.stopped ? 1 : 0;
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
