// itool predict: greedy answers of a trained model for records, as checker-ready JSON Lines.
#include "app/cli/command_registry.h"
#include "core/common/json.h"
#include "core/common/user_error.h"
#include "core/model/predictor.h"
#include "core/pipeline/record_files.h"

#include <cstdio>
#include <fstream>

namespace {
itool::cli::CommandRegistrar reg{
    {"predict", "Greedy answers of a trained model for records (JSONL {\"id\",\"result\"})",
     "--model DIR --records R --out P",
     "DIR holds config.json, model.safetensors and tokenizer.json (an sft run's model/ folder).\n"
     "Each line of P is {\"id\": ..., \"result\": \"<raw answer text>\"}, ready for itool check.",
     {{"model", "DIR", "model folder"},
      {"records", "R", "native JSON Lines records"},
      {"out", "P", "predictions file to write"},
      {"batch", "N", "sequences decoded together (default 8)"},
      {"max-new-tokens", "N", "answer token budget (default 160)"},
      {"torch-threads", "N", "torch threads (default 1)"},
      {"blas-threads", "N", "OpenBLAS threads (default 2)"}}},
    [](const itool::cli::CommandLine &cl) -> int {
        const auto records = itool::pipeline::readRecordFile(cl.required("records"));
        itool::model::PredictOptions o;
        o.batchSize = cl.intValue("batch", 8);
        o.maxNewTokens = cl.intValue("max-new-tokens", 160);
        o.threads.torchThreads = static_cast<int>(cl.intValue("torch-threads", 1));
        o.threads.blasThreads = static_cast<int>(cl.intValue("blas-threads", 2));
        if (o.batchSize < 1 || o.maxNewTokens < 1)
            throw itool::UserError("--batch and --max-new-tokens must be at least 1");
        itool::model::PredictStats stats;
        const auto rows = itool::model::predictRecords(cl.required("model"), records, o, &stats,
                                                       [](std::size_t done, std::size_t total) {
                                                           std::fprintf(stderr, "\rpredicted %zu/%zu", done, total);
                                                       });
        std::fprintf(stderr, "\n");
        const std::string out = cl.required("out");
        std::ofstream file(out, std::ios::trunc);
        if (!file)
            throw itool::UserError("cannot write " + out);
        std::int64_t stopped = 0;
        for (const auto &r : rows) {
            file << itool::Json{{"id", r.id}, {"result", r.result}}.dump() << "\n";
            stopped += r.stopped ? 1 : 0;
        }
        std::printf("predictions: %zu -> %s\nended at <|end|>: %lld; tokens %lld in %.1f s (%.0f tokens/s)\n",
                    rows.size(), out.c_str(), (long long)stopped, (long long)stats.tokens, stats.seconds,
                    stats.seconds > 0 ? double(stats.tokens) / stats.seconds : 0.0);
        if (cl.wantsJson())
            itool::cli::printJsonSummary(itool::Json{{"predictions", rows.size()}, {"out", out},
                                                     {"stopped", stopped}, {"tokens", stats.tokens},
                                                     {"seconds", stats.seconds}}
                                             .dump());
        return 0;
    }};
} // namespace
