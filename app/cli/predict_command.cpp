// itool predict: greedy answers of a trained model for records, as checker-ready JSON Lines.
#include "app/cli/command_registry.h"
#include "app/cli/model_prediction.h"
#include "core/common/json.h"

#include <cstdio>

namespace {

itool::cli::CommandSpec predictSpec()
{
    auto options = itool::cli::modelPredictionOptions();
    options.push_back({"out", "P", "predictions file to write"});
    return {"predict", "Greedy answers of a trained model for records (JSONL {\"id\",\"result\"})",
            "--model DIR --records R --out P",
            "DIR holds config.json, model.safetensors and tokenizer.json (an sft run's model/ folder).\n"
            "Each line of P is {\"id\": ..., \"result\": \"<raw answer text>\"}, ready for itool check.",
            options};
}

itool::cli::CommandRegistrar reg{predictSpec(), [](const itool::cli::CommandLine &cl) -> int {
    const std::string out = cl.required("out");
    const auto run = itool::cli::predictFromCommandLine(cl);
    itool::cli::writePredictions(out, run.rows);
    std::int64_t stopped = 0;
    for (const auto &r : run.rows)
        stopped += r.stopped ? 1 : 0;
    std::printf("predictions: %zu -> %s\nended at <|end|>: %lld; tokens %lld in %.1f s (%.0f tokens/s)\n",
                run.rows.size(), out.c_str(), (long long)stopped, (long long)run.stats.tokens, run.stats.seconds,
                run.stats.seconds > 0 ? double(run.stats.tokens) / run.stats.seconds : 0.0);
    if (cl.wantsJson())
        itool::cli::printJsonSummary(itool::Json{{"predictions", run.rows.size()}, {"out", out},
                                                 {"stopped", stopped}, {"tokens", run.stats.tokens},
                                                 {"seconds", run.stats.seconds}}
                                         .dump());
    return 0;
}};

} // namespace
