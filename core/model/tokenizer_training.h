#pragma once
// Training a tokenizer on native record files: each record is rendered by the chat template
// (prompt + answer + <|end|>) so that call syntax and schema JSON merge well, then the BPE
// trainer learns the merges. Also measures encoding speed on the same corpus.
// What it is not: the BPE algorithm (bpe_trainer.h) or a general record reader.
#include "core/model/bpe_trainer.h"

#include <string>
#include <vector>

namespace itool::model {

struct TokenizerTrainingReport
{
    std::size_t records = 0;
    std::uint64_t corpusBytes = 0;
    std::size_t distinctWords = 0;
    std::int32_t vocabSize = 0; // as trained (smaller than asked when pairs ran out)
    std::size_t merges = 0;
    double readSeconds = 0;
    double trainSeconds = 0;
    // Encoding the whole corpus again with the new tokenizer, first with an empty word cache.
    std::uint64_t corpusTokens = 0;
    double encodeColdTokensPerSecond = 0;
    double encodeWarmTokensPerSecond = 0;
    bool roundTripOk = false; // decode(encode(text)) == text for every record text
};

// Reads native JSON Lines record files (see core/data/native_format.h); bad lines throw
// UserError "file:line: message". Writes nothing; the caller saves the tokenizer.
BpeTokenizer trainTokenizerOnRecords(const std::vector<std::string> &recordFiles,
                                     const BpeTrainingOptions &options,
                                     TokenizerTrainingReport &report);

} // namespace itool::model
