#pragma once
// Pre-tokenisation for the byte-level BPE: cuts text into "words" (letters, up to three
// digits, punctuation runs, whitespace) before merges are applied inside each word, in the
// manner of the GPT-2 / Llama-3 split pattern (see kPreTokenizerPattern), written by hand
// because std::regex is far too slow. What it is not: a Unicode database. Non-ASCII code
// points are classified by a small table of ranges (see docs/tokenizer.md); a wrong class
// only changes where words are cut, never what bytes come back.
#include <string_view>
#include <vector>

namespace itool::model {

// The pattern this splitter follows (written into tokenizer.json for other readers).
inline constexpr std::string_view kPreTokenizerPattern
    = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
      "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

// Splits text into consecutive pieces whose concatenation is exactly the text (any bytes,
// including invalid UTF-8 and NUL). Views point into text.
std::vector<std::string_view> preTokenize(std::string_view text);

// Same, appending to out (avoids an allocation per call in hot loops).
void preTokenize(std::string_view text, std::vector<std::string_view> &out);

} // namespace itool::model
