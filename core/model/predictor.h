#pragma once
// Greedy answers for records from a trained model folder (config.json, model.safetensors,
// tokenizer.json): the chat template's prompt, batched KV-cache decoding, stop at <|end|>,
// the answer text decoded without special tokens. No torch in this header.
#include "core/data/record.h"
#include "core/model/threading.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace itool::model {

struct PredictOptions
{
    std::int64_t batchSize = 8;
    std::int64_t maxNewTokens = 160;
    ThreadSettings threads;
};

struct PredictionRow
{
    std::string id;
    std::string result;     // the raw answer text
    std::int64_t tokens = 0; // generated, <|end|> included
    bool stopped = false;    // reached <|end|> (not the token budget)
};

struct PredictStats
{
    std::int64_t tokens = 0;
    double seconds = 0;
};

// Rows in the order of `records`. progress(done, total) after each batch.
std::vector<PredictionRow> predictRecords(const std::string &modelDir, const std::vector<data::Record> &records,
                                          const PredictOptions &options, PredictStats *stats = nullptr,
                                          const std::function<void(std::size_t, std::size_t)> &progress = {});

} // namespace itool::model
