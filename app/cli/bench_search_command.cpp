// itool bench search: MCTS rollouts/s and decoded tokens/s, batched expansion vs one at a time.
#include "app/cli/command_registry.h"
#include "core/common/json.h"
#include "core/common/user_error.h"
#include "core/search/search_bench.h"

#include <cstdio>

namespace {
itool::cli::CommandRegistrar reg{
    {"bench search", "MCTS rollouts/s and decoded tokens/s: batched expansion vs one sample at a time", "",
     "Runs the same search (records x simulations x width rollouts) twice: once with every\n"
     "tree's expansion requests decoded in one batch by the KV-cache decoder, once one sample\n"
     "per decoder call. Default model: random weights, d_model 256, 4 layers, byte vocabulary;\n"
     "the reward is the checker's graded score against each record's gold. Random weights\n"
     "write no call syntax, so every continuation is one terminal step and the search stops\n"
     "after the first expansion; --model with a trained model gives deeper trees.",
     {{"records", "N", "records searched together (default 8)"},
      {"simulations", "N", "simulations per record (default 5)"},
      {"width", "N", "continuations per expansion (default 3)"},
      {"tokens", "N", "max new tokens per continuation (default 32)"},
      {"temperature", "T", "sampling temperature (default 1.5)"},
      {"model", "DIR", "a model folder instead of random weights"},
      {"tokenizer", "FILE", "tokenizer.json for --model"},
      {"data", "FILE", "native records (JSONL) instead of the built-in ones"},
      {"torch-threads", "N", "torch intra-op threads (default 1)"},
      {"blas-threads", "N", "OpenBLAS threads (default 2)"}}},
    [](const itool::cli::CommandLine &cl) -> int {
        itool::search::SearchBenchOptions o;
        o.records = int(cl.intValue("records", 8));
        o.mcts.simulations = int(cl.intValue("simulations", 5));
        o.mcts.width = int(cl.intValue("width", 3));
        o.maxNewTokens = cl.intValue("tokens", 32);
        o.temperature = cl.doubleValue("temperature", 1.5);
        o.modelDir = cl.valueOr("model", "");
        o.tokenizerPath = cl.valueOr("tokenizer", "");
        o.recordsPath = cl.valueOr("data", "");
        o.threads.torchThreads = int(cl.intValue("torch-threads", 1));
        o.threads.blasThreads = int(cl.intValue("blas-threads", 2));
        if (o.records < 1 || o.mcts.simulations < 1 || o.mcts.width < 1 || o.maxNewTokens < 1)
            throw itool::UserError("--records, --simulations, --width and --tokens must be at least 1");
        const auto r = itool::search::runSearchBench(o);
        std::printf("%s; %d records x %d simulations x width %d, <= %lld new tokens\n", r.model.c_str(), o.records,
                    o.mcts.simulations, o.mcts.width, (long long)o.maxNewTokens);
        std::printf("%-14s %9s %9s %9s %11s %10s %12s %12s\n", "mode", "max rows", "calls", "samples", "tokens",
                    "seconds", "samples/s", "tokens/s");
        itool::Json rows = itool::Json::array();
        for (const auto &row : r.rows) {
            std::printf("%-14s %9d %9lld %9lld %11lld %10.2f %12.2f %12.1f\n", row.mode.c_str(), row.maxBatchRows,
                        (long long)row.decoderCalls, (long long)(row.stats.rollouts + row.stats.truncated), (long long)row.decodedTokens,
                        row.stats.totalSeconds, row.rolloutsPerSecond, row.tokensPerSecond);
            rows.push_back({{"mode", row.mode},
                            {"max_batch_rows", row.maxBatchRows},
                            {"decoder_calls", row.decoderCalls},
                            {"rollouts", row.stats.rollouts},
                            {"decoded_tokens", row.decodedTokens},
                            {"seconds", row.stats.totalSeconds},
                            {"policy_seconds", row.stats.policySeconds},
                            {"nodes", row.nodes},
                            {"rollouts_per_second", row.rolloutsPerSecond},
                            {"tokens_per_second", row.tokensPerSecond}});
        }
        if (r.rows.size() == 2 && r.rows[1].rolloutsPerSecond > 0)
            std::printf("batched / one-at-a-time: %.2fx rollouts/s\n",
                        r.rows[0].rolloutsPerSecond / r.rows[1].rolloutsPerSecond);
        if (cl.wantsJson())
            itool::cli::printJsonSummary(itool::Json{{"model", r.model}, {"rows", rows}}.dump());
        return 0;
    }};
} // namespace
