// The decode benchmark (see decode_bench.h).
#include "core/model/decode_bench.h"

#include "core/model/decoder.h"

#include <chrono>

namespace itool::model {

DecodeBenchResult runDecodeBench(const DecodeBenchOptions &o)
{
    applyThreadSettings(o.threads);
    DecodeBenchResult r;
    r.config.vocabSize = 1000;
    r.config.hiddenSize = 256;
    r.config.intermediateSize = 688;
    r.config.numHiddenLayers = 4;
    r.config.numAttentionHeads = 4;
    r.config.numKeyValueHeads = 4;
    r.config.maxPositionEmbeddings = o.promptLength + o.newTokens + 8;
    LlamaForCausalLM net(r.config);
    net->initWeights(1);
    torch::manual_seed(1);
    auto all = torch::randint(0, r.config.vocabSize, {64, o.promptLength}, torch::kLong);

    for (const auto batch : o.batches) {
        std::vector<std::vector<std::int64_t>> prompts;
        for (std::int64_t b = 0; b < batch; ++b) {
            auto row = all[b % 64];
            prompts.emplace_back(row.data_ptr<std::int64_t>(), row.data_ptr<std::int64_t>() + o.promptLength);
        }
        std::vector<Generation> outputs[2];
        for (const bool cache : {true, false}) {
            SamplingOptions s;
            s.maxNewTokens = o.newTokens;
            s.useCache = cache;
            SamplingOptions warmUp = s;
            warmUp.maxNewTokens = 2;
            generate(net, {prompts[0]}, warmUp);
            const auto start = std::chrono::steady_clock::now();
            outputs[cache ? 0 : 1] = generate(net, prompts, s);
            DecodeBenchRow row;
            row.batch = batch;
            row.cache = cache;
            row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            for (const auto &g : outputs[cache ? 0 : 1])
                row.tokens += static_cast<std::int64_t>(g.tokens.size());
            row.tokensPerSecond = static_cast<double>(row.tokens) / row.seconds;
            r.rows.push_back(row);
        }
        for (std::size_t b = 0; b < prompts.size(); ++b)
            r.sameTokens = r.sameTokens && outputs[0][b].tokens == outputs[1][b].tokens;
    }
    return r;
}

} // namespace itool::model
