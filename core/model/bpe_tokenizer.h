#pragma once
// The byte-level BPE tokenizer: encode text to ids and back, exactly, for any bytes; load and
// save the Hugging Face tokenizer.json layout. Special tokens (the chat template's markers)
// have their own ids that plain text never produces; they come only from encode(...,
// SpecialTokens::Parse) or from the chat template inserting them by id.
// What it is not: the trainer (bpe_trainer.h) or the chat layout (chat_template.h).
#include "core/common/json.h"
#include "core/common/user_error.h"
#include "core/model/pre_tokenizer.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace itool::model {

// A tokenizer file that cannot be used; the message reads "file: where: what".
class TokenizerFileError : public UserError
{
public:
    using UserError::UserError;
};

enum class SpecialTokens {
    Plain, // special-token text in the input is encoded as ordinary bytes
    Parse  // "<|user|>" etc. in the input become their special ids
};

// GPT-2's reversible byte <-> printable character mapping used in tokenizer.json.
std::string bytesToByteLevel(std::string_view bytes);
std::optional<std::string> byteLevelToBytes(std::string_view text); // nullopt: not byte-level

class BpeTokenizer
{
public:
    // tokens: id -> bytes (specials: their text); special[id] marks special tokens; merges in
    // rank order as id pairs, each producing the token whose bytes are the concatenation.
    // preTokenizer cuts text into words before merges (it must be the one the merges were
    // learnt with). Throws std::invalid_argument when the parts are inconsistent.
    BpeTokenizer(std::vector<std::string> tokens, std::vector<bool> special,
                 std::vector<std::pair<std::int32_t, std::int32_t>> merges,
                 PreTokenizer preTokenizer = PreTokenizer::Gpt2);

    // Reads and validates a tokenizer.json; throws TokenizerFileError naming file and field.
    static BpeTokenizer load(const std::string &path);
    static BpeTokenizer fromJson(const Json &json, const std::string &sourceName);
    Json toJson() const;
    void save(const std::string &path) const; // atomic: temp file + rename

    std::vector<std::int32_t> encode(std::string_view text,
                                     SpecialTokens specials = SpecialTokens::Plain) const;
    void encodeAppend(std::string_view text, std::vector<std::int32_t> &out,
                      SpecialTokens specials = SpecialTokens::Plain) const;
    // Throws std::out_of_range for an id outside the vocabulary.
    std::string decode(std::span<const std::int32_t> ids, bool skipSpecials = false) const;

    std::int32_t vocabSize() const { return std::int32_t(m_tokens.size()); }
    std::size_t mergeCount() const { return m_merges.size(); }
    PreTokenizer preTokenizer() const { return m_preTokenizer; }
    const std::string &tokenBytes(std::int32_t id) const { return m_tokens.at(std::size_t(id)); }
    bool isSpecial(std::int32_t id) const;
    std::optional<std::int32_t> specialId(std::string_view text) const;
    std::int32_t requireSpecial(std::string_view text) const; // throws UserError
    std::vector<std::string> specialTokens() const;
    const std::vector<std::pair<std::int32_t, std::int32_t>> &merges() const { return m_merges; }

    // Identity of the vocabulary and merges (what save/load must preserve).
    bool sameModel(const BpeTokenizer &other) const;

private:
    struct MergeResult
    {
        std::int32_t rank;
        std::int32_t id;
    };
    struct WordCache;

    void encodeWord(std::string_view word, std::vector<std::int32_t> &out) const;
    void encodePlain(std::string_view text, std::vector<std::int32_t> &out) const;

    std::vector<std::string> m_tokens;
    std::vector<bool> m_special;
    std::vector<std::pair<std::int32_t, std::int32_t>> m_merges;
    PreTokenizer m_preTokenizer = PreTokenizer::Gpt2;
    std::unordered_map<std::uint64_t, MergeResult> m_mergeByPair;
    std::array<std::int32_t, 256> m_byteId{};
    std::vector<std::pair<std::string, std::int32_t>> m_specials; // longest first
    std::array<bool, 256> m_specialFirstByte{};
    std::shared_ptr<WordCache> m_cache; // words seen before; pure function of the model
};

} // namespace itool::model
