#pragma once
// Pre-tokenisation for the byte-level BPE: cuts text into "words" (letters, up to three
// digits, punctuation runs, whitespace) before merges are applied inside each word, in the
// manner of the GPT-2 / Llama-3 split pattern (see kPreTokenizerPattern), written by hand
// because std::regex is far too slow. What it is not: a Unicode database. Non-ASCII code
// points are classified by a small table of ranges (see docs/tokenizer.md); a wrong class
// only changes where words are cut, never what bytes come back.
#include <optional>
#include <string_view>
#include <vector>

namespace itool::model {

// How text is cut into words.
// - Gpt2: a letter run takes one leading non-letter, usually the space (GPT-2, Llama 3).
// - SeparateSpaces: a letter run never takes a leading character, and white space and
//   punctuation are pieces of their own. A word then has the same ids after a space as after
//   a quote: "Tokyo" in a request and in `city="Tokyo"` share them, where Gpt2 gives " T" +
//   "okyo" against "T" + "okyo" (docs/tokenizer.md). The price is more tokens per text.
enum class PreTokenizer { Gpt2, SeparateSpaces };

// The patterns these splitters follow (written into tokenizer.json for other readers).
inline constexpr std::string_view kPreTokenizerPattern
    = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
      "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
inline constexpr std::string_view kSeparateSpacesPattern
    = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|\\p{L}+|\\p{N}{1,3}|[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+";

std::string_view preTokenizerPattern(PreTokenizer kind);
// The kind whose pattern this is exactly; nullopt for any other pattern.
std::optional<PreTokenizer> preTokenizerOfPattern(std::string_view pattern);
// "gpt2", "separate_spaces": the names specs and the command line use.
std::string_view preTokenizerName(PreTokenizer kind);
std::optional<PreTokenizer> preTokenizerOfName(std::string_view name);

// Splits text into consecutive pieces whose concatenation is exactly the text (any bytes,
// including invalid UTF-8 and NUL). Views point into text.
std::vector<std::string_view> preTokenize(std::string_view text, PreTokenizer kind = PreTokenizer::Gpt2);

// Same, appending to out (avoids an allocation per call in hot loops).
void preTokenize(std::string_view text, std::vector<std::string_view> &out,
                 PreTokenizer kind = PreTokenizer::Gpt2);

} // namespace itool::model
