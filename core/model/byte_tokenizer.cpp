// The byte tokenizer (see byte_tokenizer.h).
#include "core/model/byte_tokenizer.h"

#include "core/model/chat_template.h"

#include <string>

namespace itool::model {

BpeTokenizer byteTokenizer(const std::vector<std::pair<char, char>> &merges)
{
    std::vector<std::string> tokens;
    std::vector<bool> special;
    for (int b = 0; b < 256; ++b) {
        tokens.emplace_back(1, char(b));
        special.push_back(false);
    }
    for (auto s : {kBos, kSystem, kUser, kAssistant, kTool, kTools, kEnd}) {
        tokens.emplace_back(s);
        special.push_back(true);
    }
    std::vector<std::pair<std::int32_t, std::int32_t>> ranks;
    for (const auto &[a, b] : merges) {
        tokens.push_back(std::string{a, b});
        special.push_back(false);
        ranks.emplace_back(static_cast<unsigned char>(a), static_cast<unsigned char>(b));
    }
    return BpeTokenizer(tokens, special, ranks);
}

} // namespace itool::model
