#pragma once
// Evaluating a trained model folder (config.json, model.safetensors, tokenizer.json) on test
// records: the chat template's prompt, batched greedy KV-cache decoding up to <|end|>, and
// the BFCL checker on the answer text. Records whose gold calls no tool count as right only
// when the answer is the template's no-call sentence. No torch in this header.
// What it is not: sampling for search (core/search) or a report writer.
#include "core/data/record.h"
#include "core/eval/point_metrics.h"
#include "core/model/threading.h"

#include <cstdint>
#include <string>
#include <vector>

namespace itool::eval {

struct GreedyEvalOptions
{
    std::int64_t maxNewTokens = 96;
    std::size_t batchSize = 16;
    std::size_t maxTokens = 512; // prompt + answer, as in training
    model::ThreadSettings threads;
};

// Judges one answer text against a record: whether it is right and every fragment error kind.
bool judgeAnswer(const data::Record &record, const std::string &answer, std::vector<std::string> &errorKinds);

// answers (optional) receives the decoded answer per record, in the order of `test`.
PointMetrics evaluateGreedy(const std::string &modelDir, const std::vector<data::Record> &test,
                            const GreedyEvalOptions &options, std::vector<std::string> *answers = nullptr);

} // namespace itool::eval
