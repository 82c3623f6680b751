#pragma once
// `itool bench decode`: greedy decoding tokens/s of the bench model shape (d_model 256,
// 4 layers, vocabulary 1000) for batch 1 and 8, with and without the KV cache. No torch here.
#include "core/model/model_config.h"
#include "core/model/threading.h"

#include <cstdint>
#include <vector>

namespace itool::model {

struct DecodeBenchOptions
{
    std::int64_t promptLength = 32;
    std::int64_t newTokens = 64;
    std::vector<std::int64_t> batches{1, 8};
    ThreadSettings threads;
};

struct DecodeBenchRow
{
    std::int64_t batch = 1;
    bool cache = true;
    std::int64_t tokens = 0; // generated, all rows together
    double seconds = 0;
    double tokensPerSecond = 0;
};

struct DecodeBenchResult
{
    ModelConfig config;
    std::vector<DecodeBenchRow> rows;
    bool sameTokens = true; // cache and no-cache produced identical greedy output
};

DecodeBenchResult runDecodeBench(const DecodeBenchOptions &options);

} // namespace itool::model
