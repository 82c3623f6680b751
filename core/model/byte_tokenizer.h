#pragma once
// A tokenizer that needs no training: one token per byte (ids 0-255), the chat template's
// special tokens (256-262), then one merged token per given pair of bytes (263, 264, ... in
// rank order). Every text encodes. For the search bench's untrained model and for tests.
#include "core/model/bpe_tokenizer.h"

#include <utility>
#include <vector>

namespace itool::model {

BpeTokenizer byteTokenizer(const std::vector<std::pair<char, char>> &merges = {});

} // namespace itool::model
