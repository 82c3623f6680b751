#pragma once
// Greedy answers for records: the chat template's prompt, batched KV-cache decoding, stop at
// <|end|>, the answer text decoded without special tokens. The one greedy decoding loop of
// the project: `itool predict` / `itool eval` / `itool compare`, the rounds' evaluation and
// the decay experiment all use it (greedy_decoding.h takes a model already in memory).
// No torch in this header.
#include "core/data/record.h"
#include "core/model/threading.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace itool::model {

struct PredictOptions
{
    std::int64_t batchSize = 16;
    // New tokens per answer; 0: follow the data (answerTokenBudget of the records: the
    // longest gold answer with a margin), so that no gold answer is cut by the budget.
    std::int64_t maxNewTokens = 0;
    // Prompt + answer per sequence; 0: the model's context. The prompt is cut (oldest
    // context first, docs/chat-template.md) to leave room for the answer budget.
    std::int64_t maxTokens = 0;
    ThreadSettings threads; // applied by the model-folder overload only
    // Decoding threads, each single-threaded on its own batches; 0: one per usable core.
    // Greedy answers do not depend on it.
    int workers = 0;
};

struct PredictionRow
{
    std::string id;
    std::string result;      // the raw answer text
    std::int64_t tokens = 0; // generated, <|end|> included
    bool stopped = false;    // reached <|end|> (not the token budget)
};

struct PredictStats
{
    std::int64_t tokens = 0;
    std::int64_t budget = 0; // the answer token budget used
    std::int64_t cutByBudget = 0; // answers that reached the budget without <|end|>
    double seconds = 0;
    bool cancelled = false; // stopped between batches; rows of undecoded records are empty
};

using PredictProgress = std::function<void(std::size_t done, std::size_t total)>;

// Rows in the order of `records`. progress(done, total) after each batch (from whichever
// decoding thread finished it; calls never overlap); cancel is checked before each batch.
std::vector<PredictionRow> predictRecords(const std::string &modelDir, const std::vector<data::Record> &records,
                                          const PredictOptions &options, PredictStats *stats = nullptr,
                                          const PredictProgress &progress = {},
                                          const std::atomic<bool> *cancel = nullptr);

} // namespace itool::model
