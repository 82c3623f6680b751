// itool eval: predict with a trained model and score with the BFCL checker.
#include "app/cli/command_registry.h"
#include "app/cli/model_prediction.h"
#include "core/pipeline/eval_report.h"

#include <cstdio>

namespace {

itool::cli::CommandSpec evalSpec()
{
    auto options = itool::cli::modelPredictionOptions();
    options.push_back({"predictions", "P", "also write the predictions here"});
    return {"eval", "Accuracy of a trained model on records, by category and difficulty, via the checker",
            "--model DIR --records R",
            "Greedy-decodes every record's answer (as itool predict does) and checks it with the BFCL\n"
            "checker: accuracy overall, by category and by difficulty, and error-type counts.",
            options};
}

itool::cli::CommandRegistrar reg{evalSpec(), [](const itool::cli::CommandLine &cl) -> int {
    const auto run = itool::cli::predictFromCommandLine(cl);
    if (auto path = cl.value("predictions"))
        itool::cli::writePredictions(*path, run.rows);
    std::vector<std::string> results;
    for (const auto &r : run.rows)
        results.push_back(r.result);
    const auto report = itool::pipeline::evaluateRaw(run.records, results);
    std::printf("%s", report.toText().c_str());
    std::printf("decoding: %lld tokens in %.1f s\n", (long long)run.stats.tokens, run.stats.seconds);
    if (cl.wantsJson())
        itool::cli::printJsonSummary(report.toJson().dump());
    return 0;
}};

} // namespace
