#pragma once
// The span-copy warm-up task: `<|bos|> SPAN <|assistant|> SPAN <|end|>`, the loss on the second
// SPAN, where SPAN is a run of plain tokens cut from a training prompt. A model trained from
// scratch has never learnt to copy, and a tool call is mostly values copied out of the request
// ("350 Fifth Avenue", "ORD-89058"); a pretrained model brings that ability (induction heads)
// from its pretraining. A short stage of this task gives it to ours quickly, on the same
// tokens the answers use. What it is not: a data augmentation of the answers.
#include "core/train/sft_trainer.h"

#include <cstdint>
#include <vector>

namespace itool::model {
class BpeTokenizer;
}

namespace itool::pipeline {

struct CopyTaskOptions
{
    std::size_t minSpan = 4;  // tokens
    std::size_t maxSpan = 32; // tokens
    std::uint64_t seed = 1;
};

// One copy example per source that has a run of at least minSpan plain prompt tokens. Spans
// never contain special tokens. The same sources, tokenizer and options give the same examples.
std::vector<train::TrainExample> makeCopyExamples(const std::vector<const train::TrainExample *> &sources,
                                                  const model::BpeTokenizer &tokenizer,
                                                  const CopyTaskOptions &options);

} // namespace itool::pipeline
