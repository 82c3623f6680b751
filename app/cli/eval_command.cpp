// itool eval: predict with a trained model and score with the BFCL checker.
#include "app/cli/command_registry.h"
#include "core/common/json.h"
#include "core/common/user_error.h"
#include "core/model/predictor.h"
#include "core/pipeline/eval_report.h"
#include "core/pipeline/record_files.h"

#include <cstdio>
#include <fstream>

namespace {
itool::cli::CommandRegistrar reg{
    {"eval", "Accuracy of a trained model on records, by category and difficulty, via the checker",
     "--model DIR --records R [--json]",
     "Greedy-decodes every record's answer (as itool predict does) and checks it with the BFCL\n"
     "checker: accuracy overall, by category and by difficulty, and error-type counts.",
     {{"model", "DIR", "model folder (config.json, model.safetensors, tokenizer.json)"},
      {"records", "R", "native JSON Lines records"},
      {"predictions", "P", "also write the predictions here"},
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
        std::vector<std::string> results;
        for (const auto &r : rows)
            results.push_back(r.result);
        if (auto path = cl.value("predictions")) {
            std::ofstream file(*path, std::ios::trunc);
            for (const auto &r : rows)
                file << itool::Json{{"id", r.id}, {"result", r.result}}.dump() << "\n";
        }
        const auto report = itool::pipeline::evaluateRaw(records, results);
        std::printf("%s", report.toText().c_str());
        std::printf("decoding: %lld tokens in %.1f s\n", (long long)stats.tokens, stats.seconds);
        if (cl.wantsJson())
            itool::cli::printJsonSummary(report.toJson().dump());
        return 0;
    }};
} // namespace
