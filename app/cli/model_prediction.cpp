#include "app/cli/model_prediction.h"

#include "core/common/json.h"
#include "core/common/user_error.h"
#include "core/pipeline/record_files.h"

#include <cstdio>
#include <fstream>

namespace itool::cli {

std::vector<OptionSpec> modelPredictionOptions()
{
    return {{"model", "DIR", "model folder (config.json, model.safetensors, tokenizer.json)"},
            {"records", "R", "native JSON Lines records"},
            {"batch", "N", "sequences decoded together (default 8)"},
            {"max-new-tokens", "N", "answer token budget (default 160)"},
            {"torch-threads", "N", "torch threads (default 1)"},
            {"blas-threads", "N", "OpenBLAS threads (default 2)"}};
}

ModelPrediction predictFromCommandLine(const CommandLine &cl)
{
    ModelPrediction out;
    out.records = pipeline::readRecordFile(cl.required("records"));
    model::PredictOptions o;
    o.batchSize = cl.intValue("batch", 8);
    o.maxNewTokens = cl.intValue("max-new-tokens", 160);
    o.threads.torchThreads = static_cast<int>(cl.intValue("torch-threads", 1));
    o.threads.blasThreads = static_cast<int>(cl.intValue("blas-threads", 2));
    if (o.batchSize < 1 || o.maxNewTokens < 1)
        throw UserError("--batch and --max-new-tokens must be at least 1");
    out.rows = model::predictRecords(cl.required("model"), out.records, o, &out.stats,
                                     [](std::size_t done, std::size_t total) {
                                         std::fprintf(stderr, "\rpredicted %zu/%zu", done, total);
                                     });
    std::fprintf(stderr, "\n");
    return out;
}

void writePredictions(const std::string &path, const std::vector<model::PredictionRow> &rows)
{
    std::ofstream file(path, std::ios::trunc);
    if (!file)
        throw UserError("cannot write " + path);
    for (const auto &r : rows)
        file << Json{{"id", r.id}, {"result", r.result}}.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
    if (!file.flush())
        throw UserError("cannot write " + path + " (disk full?)");
}

} // namespace itool::cli
