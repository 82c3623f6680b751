#pragma once
// Learns byte-level BPE merges from text: counts pre-tokenised words, then repeatedly merges
// the most frequent adjacent pair, updating pair counts incrementally (only the words that
// contain the merged pair are touched). What it is not: the encoder (bpe_tokenizer.h) or the
// corpus reader (tokenizer_training.h).
#include "core/model/bpe_tokenizer.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace itool::model {

// The chat template's markers, in id order (ids 0..8 of a trained tokenizer).
std::vector<std::string> defaultSpecialTokens();

struct BpeTrainingOptions
{
    std::int32_t vocabSize = 2048; // all tokens: specials + 256 bytes + merges
    std::vector<std::string> specials = defaultSpecialTokens();
    std::int64_t minPairCount = 2; // stop early when no pair is this frequent
    PreTokenizer preTokenizer = PreTokenizer::Gpt2; // how text is cut into words (pre_tokenizer.h)
    // Called now and then with (tokens so far, target); return false to cancel
    // (train() then throws std::runtime_error("cancelled")).
    std::function<bool(std::int32_t, std::int32_t)> progress;
};

class BpeTrainer
{
public:
    explicit BpeTrainer(BpeTrainingOptions options = {});

    // Adds text to the corpus. Special-token text is cut out first: it never takes part in
    // merges, because the template inserts those tokens by id.
    void addText(std::string_view text);

    std::size_t distinctWords() const { return m_wordCounts.size(); }
    std::uint64_t corpusBytes() const { return m_bytes; }

    // Throws std::invalid_argument when vocabSize cannot hold the specials and 256 bytes.
    BpeTokenizer train() const;

private:
    BpeTrainingOptions m_options;
    std::unordered_map<std::string, std::int64_t> m_wordCounts;
    std::uint64_t m_bytes = 0;
};

} // namespace itool::model
