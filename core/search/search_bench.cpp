// MCTS throughput bench; see search_bench.h.
#include "core/search/search_bench.h"

#include "core/common/user_error.h"
#include "core/data/native_format.h"
#include "core/model/byte_tokenizer.h"
#include "core/model/chat_template.h"
#include "core/model/model_io.h"
#include "core/search/checker_reward.h"
#include "core/search/decoder_policy.h"

#include <fstream>

namespace itool::search {

namespace {

std::vector<data::Record> builtInRecords(int n)
{
    std::vector<data::Record> out;
    for (int i = 0; i < n; ++i) {
        data::Record r;
        r.id = "bench-" + std::to_string(i);
        r.tools.push_back(Json{{"name", "get_weather"},
                               {"description", "Weather for a city"},
                               {"parameters",
                                {{"type", "object"},
                                 {"properties", {{"city", {{"type", "string"}}}, {"days", {{"type", "integer"}}}}},
                                 {"required", {"city"}}}}});
        r.conversation.push_back({data::Role::User, "Weather in city " + std::to_string(i) + " for 3 days?", {}, {}});
        data::GoldCall call;
        call.name = "get_weather";
        call.params.push_back({"city", {Json("city " + std::to_string(i))}});
        call.params.push_back({"days", {Json(3)}});
        r.gold.push_back(call);
        r.category = data::Category::Simple;
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<data::Record> readRecords(const std::string &path, int n)
{
    std::ifstream in(path);
    if (!in)
        throw UserError("cannot read records file " + path);
    std::vector<data::Record> out;
    std::string line;
    while (int(out.size()) < n && std::getline(in, line))
        if (!line.empty())
            out.push_back(data::recordFromJson(Json::parse(line)));
    return out;
}

} // namespace

SearchBenchResult runSearchBench(const SearchBenchOptions &o)
{
    model::applyThreadSettings(o.threads);
    torch::NoGradGuard noGrad;
    SearchBenchResult result;
    std::optional<model::BpeTokenizer> tokenizer;
    model::LlamaForCausalLM net{nullptr};
    if (!o.modelDir.empty()) {
        if (o.tokenizerPath.empty())
            throw UserError("--model needs --tokenizer");
        tokenizer = model::BpeTokenizer::load(o.tokenizerPath);
        net = model::loadModel(o.modelDir);
        result.model = "model " + o.modelDir;
    } else {
        tokenizer = model::byteTokenizer();
        model::ModelConfig config;
        config.vocabSize = tokenizer->vocabSize();
        config.maxPositionEmbeddings = 1024;
        net = model::LlamaForCausalLM(config);
        net->initWeights(1);
        result.model = "random weights, d_model 256, 4 layers, byte vocabulary (" +
                       std::to_string(config.vocabSize) + ")";
    }
    const auto records = o.recordsPath.empty() ? builtInRecords(o.records) : readRecords(o.recordsPath, o.records);
    std::vector<const data::Record *> ptrs;
    std::vector<SearchProblem> problems;
    for (const auto &r : records) {
        ptrs.push_back(&r);
        problems.push_back({r.id});
    }
    const auto reward = makeCheckerReward(ptrs);
    auto mcts = o.mcts;
    mcts.answerBudget = o.maxNewTokens;
    const auto prompts = answerPrompts(ptrs, *tokenizer, net->config().maxPositionEmbeddings, o.maxNewTokens);
    for (int batchRows : {1 << 20, 1}) {
        DecoderPolicyOptions po;
        po.temperature = o.temperature;
        po.maxBatchRows = batchRows;
        DecoderPolicy policy(net, *tokenizer, prompts, po);
        std::vector<SearchTree> trees;
        SearchBenchRow row;
        row.mode = batchRows == 1 ? "one-at-a-time" : "batched";
        row.maxBatchRows = batchRows == 1 ? 1 : int(records.size()) * o.mcts.width;
        row.stats = runMcts(problems, policy, reward, mcts, trees);
        row.decodedTokens = policy.decodedTokens();
        row.decoderCalls = policy.decoderCalls();
        for (const auto &t : trees)
            row.nodes += t.size();
        const double secs = std::max(1e-9, row.stats.totalSeconds);
        // Continuations cut by the budget count too: a random model rarely ends an answer.
        row.rolloutsPerSecond = double(row.stats.rollouts + row.stats.truncated) / secs;
        row.tokensPerSecond = double(row.decodedTokens) / secs;
        result.rows.push_back(row);
    }
    return result;
}

} // namespace itool::search
