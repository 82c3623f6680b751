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
            {"max-new-tokens", "N", "answer token budget (default 0: the longest gold answer of the records, with a margin)"},
            {"max-tokens", "N", "prompt + answer tokens (default 0: the model's context)"},
            {"torch-threads", "N", "torch threads (default 1)"},
            {"blas-threads", "N", "OpenBLAS threads (default 2)"}};
}

model::PredictOptions predictOptionsFromCommandLine(const CommandLine &cl)
{
    model::PredictOptions o;
    o.batchSize = cl.intValue("batch", 16);
    o.maxNewTokens = cl.intValue("max-new-tokens", 0);
    o.maxTokens = cl.intValue("max-tokens", 0);
    o.threads.torchThreads = static_cast<int>(cl.intValue("torch-threads", 1));
    o.threads.blasThreads = static_cast<int>(cl.intValue("blas-threads", 2));
    if (o.batchSize < 1 || o.maxNewTokens < 0 || o.maxTokens < 0)
        throw UserError("--batch must be at least 1, --max-new-tokens and --max-tokens at least 0");
    return o;
}

std::vector<model::PredictionRow> predictWithProgress(const std::string &modelDir,
                                                      const std::vector<data::Record> &records,
                                                      const model::PredictOptions &options, model::PredictStats &stats)
{
    auto rows = model::predictRecords(modelDir, records, options, &stats, [](std::size_t done, std::size_t total) {
        std::fprintf(stderr, "\rpredicted %zu/%zu", done, total);
    });
    std::fprintf(stderr, "\n");
    return rows;
}

ModelPrediction predictFromCommandLine(const CommandLine &cl)
{
    ModelPrediction out;
    out.records = pipeline::readRecordFile(cl.required("records"));
    out.rows = predictWithProgress(cl.required("model"), out.records, predictOptionsFromCommandLine(cl), out.stats);
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
