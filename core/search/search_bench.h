#pragma once
// `itool bench search`: MCTS throughput with the real decoder on a small randomly initialised
// model (or a given model folder + tokenizer), batched expansion (all trees' requests decoded
// together) against one sample at a time, on the same records and search settings.
// No torch here.
#include "core/model/threading.h"
#include "core/search/mcts.h"

#include <cstdint>
#include <string>
#include <vector>

namespace itool::search {

struct SearchBenchOptions
{
    int records = 8;
    MctsOptions mcts;
    std::int64_t maxNewTokens = 32;
    double temperature = 1.5;
    std::string modelDir;      // empty: random weights (d_model 256, 4 layers, byte vocabulary)
    std::string tokenizerPath; // with modelDir
    std::string recordsPath;   // empty: built-in tool-calling records
    model::ThreadSettings threads;
};

struct SearchBenchRow
{
    std::string mode; // "batched" or "one-at-a-time"
    int maxBatchRows = 0;
    SearchStats stats;
    std::int64_t decodedTokens = 0;
    std::int64_t decoderCalls = 0;
    int nodes = 0; // over all trees
    double rolloutsPerSecond = 0;
    double tokensPerSecond = 0; // decoded tokens per second of wall time inside the search
};

struct SearchBenchResult
{
    std::string model; // a one-line description
    std::vector<SearchBenchRow> rows;
};

SearchBenchResult runSearchBench(const SearchBenchOptions &options);

} // namespace itool::search
