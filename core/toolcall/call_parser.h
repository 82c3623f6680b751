#pragma once
// Reads tool calls out of model output: the bracket syntax `[f(a=1, b="x"), g(c=[1, 2.0])]`
// exactly as BFCL's prompt decoder reads it (quirks included, see docs/checker.md), and JSON
// calls (`{"name": ..., "arguments": {...} or "..."}`, alone or in a list). Every name and
// value keeps its byte span in the raw text. Never throws; a failure says where and why.
// What it is not: the checker (checker.h judges the calls against gold answers).
#include "core/toolcall/value.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace itool::toolcall {

struct ParsedArgument
{
    std::string name;
    Span nameSpan;
    Value value;
};

struct ParsedCall
{
    std::string name; // dotted names kept as written: "math.factorial"
    Span nameSpan;
    Span span; // the whole call, name to closing parenthesis
    std::vector<ParsedArgument> arguments; // keyword arguments; a repeated one keeps its
                                           // first place and its last value, as Python's dict
    std::vector<Span> positionalSpans;     // positional arguments, which BFCL drops
};

// How parsing ended. DecoderFailed and WrongOutputFormat are BFCL's two decoder verdicts
// (ast_decoder:decoder_failed / ast_decoder:decoder_wrong_output_format).
enum class ParseStatus : std::uint8_t {
    Ok,
    DecoderFailed,     // not readable: a syntax error, an unsupported construct
    WrongOutputFormat, // readable, but not calls (JSON that is not call-shaped)
};

enum class CallSyntax : std::uint8_t { Unknown, Bracket, Json };

struct ParseResult
{
    bool ok = false;
    ParseStatus status = ParseStatus::DecoderFailed;
    CallSyntax syntax = CallSyntax::Unknown;
    std::vector<ParsedCall> calls;
    std::string error;              // empty when ok
    std::uint32_t errorOffset = 0;  // byte offset in the raw text where reading failed
};

struct ParseOptions
{
    // Accept JSON calls. BFCL's prompt decoder does not (it fails on them), so the checker
    // turns this off in its default mode.
    bool allowJson = true;
    // Reject what BFCL's decoder forgives: a code fence, missing outer brackets, positional
    // arguments, a repeated keyword.
    bool strict = false;
};

ParseResult parseCalls(std::string_view text, const ParseOptions &options = {});
// Reuses `out`'s storage; for hot loops.
void parseCalls(std::string_view text, const ParseOptions &options, ParseResult &out);

// The call's keyword arguments as a JSON object, in order.
Json argumentsJson(const ParsedCall &call);
// BFCL's decoded form: [{"name": {"arg": value, ...}}, ...].
Json decodedJson(const std::vector<ParsedCall> &calls);

std::string_view toString(ParseStatus status);

} // namespace itool::toolcall
