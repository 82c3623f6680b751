#pragma once
// A tokenizer for tests: one token per byte (ids 0-255), the chat template's special tokens
// (256-262), then one merged token per given pair of bytes (263, 264, ... in rank order).
#include "core/model/bpe_tokenizer.h"
#include "core/model/chat_template.h"

#include <string>
#include <utility>
#include <vector>

inline itool::model::BpeTokenizer byteTokenizer(const std::vector<std::pair<char, char>> &merges = {})
{
    namespace model = itool::model;
    std::vector<std::string> tokens;
    std::vector<bool> special;
    for (int b = 0; b < 256; ++b) {
        tokens.emplace_back(1, char(b));
        special.push_back(false);
    }
    for (auto s : {model::kBos, model::kSystem, model::kUser, model::kAssistant, model::kTool, model::kTools,
                   model::kEnd}) {
        tokens.emplace_back(s);
        special.push_back(true);
    }
    std::vector<std::pair<std::int32_t, std::int32_t>> ranks;
    for (const auto &[a, b] : merges) {
        tokens.push_back(std::string{a, b});
        special.push_back(false);
        ranks.emplace_back(static_cast<unsigned char>(a), static_cast<unsigned char>(b));
    }
    return model::BpeTokenizer(tokens, special, ranks);
}
