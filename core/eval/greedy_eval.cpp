// Greedy evaluation of a model folder (see greedy_eval.h).
#include "core/eval/greedy_eval.h"

#include "core/model/bpe_tokenizer.h"
#include "core/model/chat_template.h"
#include "core/model/decoder.h"
#include "core/model/model_io.h"
#include "core/toolcall/checker.h"

#include <algorithm>
#include <filesystem>
#include <numeric>

namespace itool::eval {

namespace {

std::string trimmed(const std::string &s)
{
    const auto a = s.find_first_not_of(" \t\r\n");
    if (a == std::string::npos)
        return {};
    const auto b = s.find_last_not_of(" \t\r\n");
    return s.substr(a, b - a + 1);
}

} // namespace

bool judgeAnswer(const data::Record &record, const std::string &answer, std::vector<std::string> &errorKinds)
{
    errorKinds.clear();
    if (record.gold.empty()) {
        // BFCL's irrelevance rule: right when no call is made. The template trains the model
        // to say kNoCallAnswer; anything else counts as a call attempt.
        if (trimmed(answer) == model::kNoCallAnswer)
            return true;
        errorKinds.push_back("irrelevance:answered_with_a_call");
        return false;
    }
    const auto compiled = toolcall::compileCase(record);
    const auto result = toolcall::checkRaw(*compiled, answer);
    if (result.valid)
        return true;
    for (const auto &e : result.errors)
        errorKinds.push_back(e.kind);
    if (errorKinds.empty())
        errorKinds.push_back(result.errorType.empty() ? "checker:invalid" : result.errorType);
    return false;
}

PointMetrics evaluateGreedy(const std::string &modelDir, const std::vector<data::Record> &test,
                            const GreedyEvalOptions &options, std::vector<std::string> *answers)
{
    model::applyThreadSettings(options.threads);
    const auto tokenizer = model::BpeTokenizer::load((std::filesystem::path(modelDir) / "tokenizer.json").string());
    auto net = model::loadModel(modelDir);
    const std::int32_t end = tokenizer.requireSpecial(model::kEnd);

    std::vector<std::vector<std::int64_t>> prompts(test.size());
    for (std::size_t i = 0; i < test.size(); ++i) {
        const auto t = model::tokenizePrompt(test[i], tokenizer, options.maxTokens,
                                             static_cast<std::size_t>(options.maxNewTokens));
        prompts[i].assign(t.ids.begin(), t.ids.end());
    }
    // Batches of similar prompt lengths waste less work on left padding.
    std::vector<std::size_t> order(test.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return prompts[a].size() < prompts[b].size(); });

    std::vector<std::string> texts(test.size());
    model::SamplingOptions sampling;
    sampling.temperature = 0.0;
    sampling.maxNewTokens = options.maxNewTokens;
    sampling.stopTokens = {end};
    sampling.padToken = end;
    const std::size_t batch = std::max<std::size_t>(1, options.batchSize);
    for (std::size_t start = 0; start < order.size(); start += batch) {
        const std::size_t stop = std::min(order.size(), start + batch);
        std::vector<std::vector<std::int64_t>> batchPrompts;
        for (std::size_t k = start; k < stop; ++k)
            batchPrompts.push_back(prompts[order[k]]);
        const auto generations = model::generate(net, batchPrompts, sampling);
        for (std::size_t k = start; k < stop; ++k) {
            std::vector<std::int32_t> ids;
            for (auto id : generations[k - start].tokens)
                if (id != end)
                    ids.push_back(static_cast<std::int32_t>(id));
            texts[order[k]] = tokenizer.decode(ids, true);
        }
    }

    PointMetrics metrics;
    std::vector<std::string> kinds;
    for (std::size_t i = 0; i < test.size(); ++i) {
        const bool right = judgeAnswer(test[i], texts[i], kinds);
        metrics.add(test[i], right, kinds);
    }
    if (answers)
        *answers = std::move(texts);
    return metrics;
}

} // namespace itool::eval
