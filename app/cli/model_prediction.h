#pragma once
// What itool predict and itool eval share: the decoding options and the greedy run over a
// records file, with progress on stderr.
#include "app/cli/command_line.h"
#include "core/data/record.h"
#include "core/model/predictor.h"

#include <string>
#include <vector>

namespace itool::cli {

// --model, --records, --batch, --max-new-tokens, --max-tokens, --torch-threads, --blas-threads
std::vector<OptionSpec> modelPredictionOptions();
model::PredictOptions predictOptionsFromCommandLine(const CommandLine &cl);
// predictRecords with "predicted N/M" on stderr.
std::vector<model::PredictionRow> predictWithProgress(const std::string &modelDir,
                                                      const std::vector<data::Record> &records,
                                                      const model::PredictOptions &options, model::PredictStats &stats);

struct ModelPrediction
{
    std::vector<data::Record> records;
    std::vector<model::PredictionRow> rows;
    model::PredictStats stats;
};

ModelPrediction predictFromCommandLine(const CommandLine &cl);

// One {"id","result"} line per row; throws UserError when the file cannot be written.
void writePredictions(const std::string &path, const std::vector<model::PredictionRow> &rows);

} // namespace itool::cli
