#pragma once
// The BFCL-compatible fragment checker: judges a prediction against a record's gold calls with
// the exact rules of BFCL's AST checker (same verdict, same first error type), and on top
// lists every wrong fragment with its span and gives a graded score in [-1, 1] for search
// rewards (docs/checker.md defines it). A record is compiled once (compileCase) and then
// checks any number of predictions quickly.
// What it is not: a parser (call_parser.h) or a file reader (bfcl_loader.h, check_report.h).
#include "core/data/record.h"
#include "core/toolcall/call_parser.h"
#include "core/toolcall/value.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace itool::toolcall {

// Which of BFCL's three checkers a category goes to.
enum class Route : std::uint8_t { Simple, Multiple, Parallel };
// BFCL's rule on category names: "parallel" anywhere -> Parallel, else "multiple" -> Multiple.
Route routeForCategoryName(std::string_view category);
Route routeFor(data::Category category);

struct CheckOptions
{
    // BFCL's per-model option: the model writes math_factorial for math.factorial.
    bool underscoreToDot = false;
    // Reject what BFCL's decoder forgives (fence, missing brackets, positional or repeated
    // arguments). Off by default so verdicts compare with the leaderboard.
    bool strict = false;
    // Read JSON-form calls in raw strings too (BFCL's decoder fails on them).
    bool acceptJsonCalls = false;
};

struct FragmentError
{
    std::string kind;      // the BFCL error type this fragment raises, e.g. "value_error:string"
    int call = -1;         // index of the model's call; -1 when it concerns the whole output
    int goldCall = -1;     // index of the gold call it was compared with; -1 when none
    std::string parameter; // empty when it concerns a call or the output
    std::string expected;  // Python repr of what was acceptable
    std::string got;       // Python repr of what the model gave
    Span span;             // in the raw text; empty for decoded predictions
};

struct CheckResult
{
    bool valid = false;
    std::string errorType;             // BFCL's first error type; empty when valid
    std::vector<FragmentError> errors; // every fragment error; the first one's kind is errorType
    double score = -1.0;
};

struct CompiledCase; // opaque: tools and gold prepared for checking

// Compiles a record's tools, gold and category (Record::category, inferred when None).
// Tools may use JSON-schema type names (object, number, array) or BFCL's (dict, float, tuple).
std::shared_ptr<const CompiledCase> compileCase(const data::Record &record,
                                                const CheckOptions &options = {});
// Same, with BFCL's category name deciding the route ("simple_python", "parallel_multiple"...).
std::shared_ptr<const CompiledCase>
compileCase(const data::Record &record, std::string_view categoryName, const CheckOptions &options);

// A raw model output string.
CheckResult checkRaw(const CompiledCase &compiled, std::string_view raw);
// A prediction as JSON: a string (raw output) or BFCL's decoded list [{"name": {args}}].
CheckResult checkJson(const CompiledCase &compiled, const Json &prediction);
// Already parsed calls (e.g. from parseCalls); spans are kept.
CheckResult checkCalls(const CompiledCase &compiled, const std::vector<ParsedCall> &calls);
// BFCL's decoded list [{"name": {args}}] as calls, the conversion checkJson makes before
// checking; false (with `why` set, `calls` unspecified) when the prediction is not
// call-shaped, which checkJson reports as ast_decoder:decoder_wrong_output_format. A caller
// that checks the same decoded prediction many times converts it once and calls checkCalls.
bool decodedAsCalls(const Json &prediction, std::vector<ParsedCall> &calls,
                    const char **why = nullptr);

Json toJson(const FragmentError &error);

} // namespace itool::toolcall
