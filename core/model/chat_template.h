#pragma once
// The chat template: the ONE place where a data::Record becomes model input. It renders the
// tools, the conversation and the answer (the gold calls in bracket syntax), and turns them
// into token ids with a mask over the answer tokens. docs/chat-template.md is its
// specification. What it is not: a parser of model output (toolcall/) or a tokenizer.
#include "core/common/json.h"
#include "core/data/record.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace itool::model {

class BpeTokenizer;

inline constexpr std::string_view kBos = "<|bos|>";
inline constexpr std::string_view kSystem = "<|system|>";
inline constexpr std::string_view kUser = "<|user|>";
inline constexpr std::string_view kAssistant = "<|assistant|>";
inline constexpr std::string_view kTool = "<|tool|>";
inline constexpr std::string_view kTools = "<|tools|>";
inline constexpr std::string_view kEnd = "<|end|>"; // closes every turn, and the answer
// The answer when the gold calls no tool (BFCL irrelevance-style records).
inline constexpr std::string_view kNoCallAnswer = "No tool fits this request.";

// A JSON value as a Python literal: 5 and 5.0 stay distinct, strings double-quoted with
// backslash escapes, true/false/null as True/False/None, lists [a, b], dicts {"k": v}.
std::string renderPythonValue(const Json &value);
// name(a=1, b="x"), arguments in their stored order. arguments must be an object.
std::string renderCall(std::string_view name, const Json &arguments);
// [f(a=1), g()] for the calls of an earlier assistant turn.
std::string renderCalls(const std::vector<data::ConversationCall> &calls);

// Picks one concrete value out of a BFCL gold value: inside a dict, each key's value lists
// alternatives and the first is taken (a key whose first alternative is "" is left out);
// lists are resolved element by element; scalars are returned as they are.
Json resolveGoldValue(const Json &value);
// The gold answer in bracket syntax, or kNoCallAnswer when the gold is empty. Parameter rule:
// omitted when its first allowed value is "" (unless the tool's schema requires it and a
// non-"" value exists: then that value), otherwise the first allowed value.
std::string renderAnswer(const data::Record &record);

struct ChatText
{
    std::string prompt; // from <|bos|> up to and including the final <|assistant|>
    std::string answer; // the answer text; its tokens are followed by <|end|>
};
ChatText renderChat(const data::Record &record);

// New tokens that hold every record's gold answer: the longest rendered answer plus <|end|>,
// with a quarter more and 8 tokens of margin (a model's answer may spell a value longer than
// the gold). Evaluation and search use it so that no gold-length answer is cut by the budget.
std::int64_t answerTokenBudget(const std::vector<data::Record> &records, const BpeTokenizer &tokenizer);

// Everything the tokenizer is trained on for one record: prompt + answer + <|end|>.
std::string renderTrainingText(const data::Record &record);

struct ChatTokens
{
    std::vector<std::int32_t> ids;
    std::vector<std::uint8_t> answerMask; // 1 exactly on the answer tokens and their <|end|>
    std::size_t promptLength = 0;         // ids[0, promptLength) is the prompt
    bool truncated = false;               // context was cut to fit maxTokens
    bool fits = true; // false: even <|bos|> + <|assistant|> + answer exceed maxTokens; ids empty
};

// Prompt and answer tokens. maxTokens 0 means no limit; otherwise the answer is kept whole
// and the oldest context is cut (see docs/chat-template.md, "Truncation").
// Content text is always encoded as plain text: "<|user|>" typed by a user is not a marker.
ChatTokens tokenizeChat(const data::Record &record, const BpeTokenizer &tokenizer,
                        std::size_t maxTokens = 0);
// Same with another answer text (a sampled or rejected response, for preference pairs).
ChatTokens tokenizeChat(const data::Record &record, std::string_view answer,
                        const BpeTokenizer &tokenizer, std::size_t maxTokens = 0);
// The prompt alone, for generation; truncated to leave room for answerBudget new tokens.
ChatTokens tokenizePrompt(const data::Record &record, const BpeTokenizer &tokenizer,
                          std::size_t maxTokens = 0, std::size_t answerBudget = 0);

} // namespace itool::model
