// The call-level BFCL rules (simple_function_checker, multiple_function_checker,
// parallel_function_checker_no_order), the fragment error list and the graded score.
// The verdict is computed first in a fast pass that stops at the first error, exactly as BFCL
// does; only invalid predictions pay for the full pass that lists every fragment error.
#include "core/toolcall/checker.h"

#include "core/toolcall/compiled_case.h"
#include "core/toolcall/param_rules.h"

#include <algorithm>

namespace itool::toolcall {

namespace {

struct CallStats
{
    bool nameOk = false;
    int hits = 0, unexpected = 0, missing = 0, valueOk = 0;

    // Partial credit for one call (docs/checker.md, "Graded score").
    double similarity() const
    {
        if (!nameOk)
            return 0.0;
        const int nameDen = hits + unexpected + missing;
        const int valueDen = hits + missing;
        const double names = nameDen == 0 ? 1.0 : static_cast<double>(hits) / nameDen;
        const double values = valueDen == 0 ? 1.0 : static_cast<double>(valueOk) / valueDen;
        return 0.2 + 0.3 * names + 0.5 * values;
    }
};

// Error sink for the full pass; null in the fast pass.
struct Collector
{
    std::vector<FragmentError> *errors = nullptr;
    CallStats *stats = nullptr;
};

const ParsedArgument *findArgument(const ParsedCall &call, std::string_view name)
{
    for (const ParsedArgument &a : call.arguments)
        if (a.name == name)
            return &a;
    return nullptr;
}

Span argumentSpan(const ParsedArgument &a)
{
    if (a.nameSpan.empty())
        return a.value.span;
    return Span{a.nameSpan.begin, std::max(a.nameSpan.end, a.value.span.end)};
}

// simple_function_checker. Returns the first error type, or nullptr when the call passes.
// Fast pass (collector.errors null): stops at the first error.
const char *checkCall(const CompiledTool &tool, const CompiledGoldCall &gold,
                      const ParsedCall &call, int callIndex, int goldIndex,
                      const Collector &collector)
{
    // full: go on past errors (for stats or the error list); text: build the error list
    const bool full = collector.errors != nullptr || collector.stats != nullptr;
    const bool text = collector.errors != nullptr;
    const char *first = nullptr;
    auto report = [&](const char *kind, std::string parameter, std::string expected,
                      std::string got, Span span) {
        if (!first)
            first = kind;
        if (text)
            collector.errors->push_back(FragmentError{kind, callIndex, goldIndex,
                                                      std::move(parameter), std::move(expected),
                                                      std::move(got), span});
    };

    if (call.name != tool.expectedName) {
        report("simple_function_checker:wrong_func_name", {},
               text ? "'" + tool.expectedName + "'" : std::string(),
               text ? "'" + call.name + "'" : std::string(), call.nameSpan);
        return first;
    }
    if (collector.stats)
        collector.stats->nameOk = true;

    // Locate every argument among the declared parameters once.
    const std::size_t argCount = call.arguments.size();
    int smallIndex[16];
    std::vector<int> largeIndex;
    int *argSchema = smallIndex;
    if (argCount > 16) {
        largeIndex.resize(argCount);
        argSchema = largeIndex.data();
    }
    std::uint64_t present = 0;
    for (std::size_t a = 0; a < argCount; ++a) {
        argSchema[a] = tool.indexOf(call.arguments[a].name);
        if (argSchema[a] >= 0 && argSchema[a] < 64)
            present |= std::uint64_t(1) << argSchema[a];
    }
    auto given = [&](int schemaIndex, const std::string &name) {
        if (schemaIndex >= 0 && schemaIndex < 64)
            return ((present >> schemaIndex) & 1u) != 0;
        return findArgument(call, name) != nullptr;
    };

    for (std::size_t r = 0; r < tool.required.size(); ++r) {
        const std::string &required = tool.required[r];
        if (!given(tool.requiredIndex[r], required)) {
            report("simple_function_checker:missing_required", required,
                   text ? "a value" : std::string(), "nothing", call.span);
            if (!full)
                return first;
            if (collector.stats)
                ++collector.stats->missing;
        }
    }

    for (std::size_t a = 0; a < argCount; ++a) {
        const ParsedArgument &arg = call.arguments[a];
        const int si = argSchema[a];
        const int gi = si >= 0 && static_cast<std::size_t>(si) < gold.goldOfSchema.size()
                           ? gold.goldOfSchema[static_cast<std::size_t>(si)]
                           : -1;
        if (si < 0 || gi < 0) {
            report(
                "simple_function_checker:unexpected_param", arg.name,
                text ? (si >= 0 ? "no value (the answer does not use it)" : "a declared parameter")
                     : std::string(),
                text ? pyRepr(arg.value) : std::string(), argumentSpan(arg));
            if (!full)
                return first;
            if (collector.stats)
                ++collector.stats->unexpected;
            continue;
        }
        if (collector.stats)
            ++collector.stats->hits;
        const CompiledParamSchema &schema = tool.params[static_cast<std::size_t>(si)];
        const CompiledGoldParam &goldParam = gold.params[static_cast<std::size_t>(gi)];
        const detail::ParamVerdict verdict = detail::checkParam(schema, goldParam, arg.value);
        if (verdict.kind) {
            std::string parameter = text ? arg.name : std::string();
            if (text && !verdict.detail.empty())
                parameter += "[" + verdict.detail + "]";
            report(verdict.kind, std::move(parameter),
                   text ? goldParam.expectedRepr : std::string(),
                   text ? pyRepr(arg.value) : std::string(),
                   verdict.span.empty() ? arg.value.span : verdict.span);
            if (!full)
                return first;
            continue;
        }
        if (collector.stats)
            ++collector.stats->valueOk;
    }

    for (std::size_t g = 0; g < gold.params.size(); ++g) {
        const CompiledGoldParam &param = gold.params[g];
        const int si = g < gold.schemaOfGold.size() ? gold.schemaOfGold[g] : -1;
        if (!param.omittable && !given(si, param.name)) {
            report("simple_function_checker:missing_optional", param.name,
                   text ? param.expectedRepr : std::string(), "nothing", call.span);
            if (!full)
                return first;
            if (collector.stats
                && std::find(tool.required.begin(), tool.required.end(), param.name)
                       == tool.required.end())
                ++collector.stats->missing;
        }
    }
    return first;
}

// The function description BFCL checks gold call `goldIndex` with (the first one in simple
// categories, else the one the gold names); the compiled parameter maps are built for it.
const CompiledTool *toolForGold(const CompiledCase &c, std::size_t goldIndex)
{
    const int t = c.gold[goldIndex].checkTool;
    return t < 0 ? nullptr : &c.tools[static_cast<std::size_t>(t)];
}

const char *countError(Route route)
{
    switch (route) {
    case Route::Simple:
        return "simple_function_checker:wrong_count";
    case Route::Multiple:
        return "multiple_function_checker:wrong_count";
    case Route::Parallel:
        return "parallel_function_checker_no_order:wrong_count";
    }
    return "simple_function_checker:wrong_count";
}

constexpr const char *kNoMatch = "parallel_function_checker_no_order:cannot_find_match";
constexpr const char *kNoTool = "checker:gold_function_not_declared";

// What the verdict's greedy parallel matching decided before it stopped: the model call matched
// to each of the first `match.size()` gold calls (-1 for the last, the one it stopped at), so
// that explaining an invalid prediction does not redo those checks.
struct GreedyPrefix
{
    std::vector<int> match;
};

// The verdict alone, in BFCL's order. Returns nullptr when valid.
const char *verdict(const CompiledCase &c, const std::vector<ParsedCall> &calls,
                    GreedyPrefix &prefix)
{
    const Collector none;
    prefix.match.clear();
    const std::size_t expectedCount = c.route == Route::Simple ? 1 : c.gold.size();
    if (calls.size() != expectedCount || c.gold.empty())
        return countError(c.route);
    if (c.route != Route::Parallel) {
        const CompiledTool *tool = toolForGold(c, 0);
        if (!tool)
            return kNoTool;
        return checkCall(*tool, c.gold[0], calls[0], 0, 0, none);
    }
    std::uint64_t matched = 0; // parallel answers have a handful of calls
    std::vector<bool> matchedBig(calls.size() > 64 ? calls.size() : 0, false);
    auto isMatched = [&](std::size_t j) { return j < 64 ? (matched >> j) & 1u : matchedBig[j]; };
    auto setMatched = [&](std::size_t j) {
        if (j < 64)
            matched |= std::uint64_t(1) << j;
        else
            matchedBig[j] = true;
    };
    for (std::size_t i = 0; i < c.gold.size(); ++i) {
        const CompiledTool *tool = toolForGold(c, i);
        if (!tool) {
            prefix.match.push_back(-1);
            return kNoTool;
        }
        bool found = false;
        for (std::size_t j = 0; j < calls.size(); ++j) {
            if (isMatched(j))
                continue;
            if (!checkCall(*tool, c.gold[i], calls[j], static_cast<int>(j), static_cast<int>(i),
                           none)) {
                setMatched(j);
                prefix.match.push_back(static_cast<int>(j));
                found = true;
                break;
            }
        }
        if (!found) {
            prefix.match.push_back(-1);
            return kNoMatch;
        }
    }
    return nullptr;
}

Span outputSpan(const std::vector<ParsedCall> &calls)
{
    if (calls.empty())
        return {};
    return Span{calls.front().span.begin, calls.back().span.end};
}

FragmentError noMatch(const CompiledCase &c, std::size_t goldIndex, int callIndex,
                      const ParsedCall *call)
{
    if (!call)
        return FragmentError{
            kNoMatch,       -1, static_cast<int>(goldIndex), {}, c.gold[goldIndex].name,
            "no call left", {}};
    return FragmentError{
        kNoMatch,   callIndex, static_cast<int>(goldIndex), {}, c.gold[goldIndex].name,
        call->name, call->span};
}

// One gold call and one model call, the commonest invalid prediction: the pair is the only
// possible one, so a single full pass gives both its statistics and its errors. Returns the
// pair's similarity.
double explainSinglePair(const CompiledCase &c, const ParsedCall &call,
                         std::vector<FragmentError> &errors)
{
    CallStats stats;
    const std::size_t mark = errors.size();
    bool valid = false;
    if (const CompiledTool *tool = toolForGold(c, 0))
        valid = checkCall(*tool, c.gold[0], call, 0, 0, Collector{&errors, &stats}) == nullptr;
    if (!valid && c.route == Route::Parallel) // the pair's errors follow its no-match fragment
        errors.insert(errors.begin() + static_cast<std::ptrdiff_t>(mark), noMatch(c, 0, 0, &call));
    return stats.similarity();
}

// Any number of gold and model calls: BFCL's greedy valid matches first, then each other gold
// call with the most similar remaining model call; lists each shown pair's errors. Returns the
// sum of the pairs' similarities. Only what the pairing reads is computed: validity by the
// verdict's early-stopping pass, and the statistics only for gold calls left unmatched (a
// valid pair's similarity is 1: right name, every parameter present and right).
double explainPairs(const CompiledCase &c, const std::vector<ParsedCall> &calls, bool countProblem,
                    const GreedyPrefix &prefix, std::vector<FragmentError> &errors)
{
    const std::size_t nGold = c.gold.size(), nCalls = calls.size();
    const Collector none;
    // reused per thread: an invalid prediction should not pay for these allocations
    thread_local std::vector<int> pairOf;
    thread_local std::vector<char> used, matchedValid;
    thread_local std::vector<double> pairSim; // summed in gold order, as the score always was
    pairOf.assign(nGold, -1);
    pairSim.assign(nGold, 0.0);
    used.assign(nCalls, 0);
    matchedValid.assign(nGold, 0);
    // BFCL's greedy valid matches, continued past failures; the verdict's part is taken over
    for (std::size_t i = 0; i < nGold; ++i) {
        if (i < prefix.match.size()) {
            const int j = prefix.match[i];
            if (j >= 0) {
                pairOf[i] = j;
                used[static_cast<std::size_t>(j)] = true;
                matchedValid[i] = true;
                pairSim[i] = 1.0;
            }
            continue;
        }
        const CompiledTool *tool = toolForGold(c, i);
        if (!tool)
            continue;
        for (std::size_t j = 0; j < nCalls; ++j)
            if (!used[j]
                && !checkCall(*tool, c.gold[i], calls[j], static_cast<int>(j), static_cast<int>(i),
                              none)) {
                pairOf[i] = static_cast<int>(j);
                used[j] = true;
                matchedValid[i] = true;
                pairSim[i] = 1.0;
                break;
            }
    }
    if (c.route != Route::Parallel && nCalls == 1 && nGold >= 1 && pairOf[0] < 0 && !used[0]) {
        pairOf[0] = 0; // simple/multiple compare the first call with the first gold call
        used[0] = true;
        CallStats forced;
        if (const CompiledTool *tool = toolForGold(c, 0))
            checkCall(*tool, c.gold[0], calls[0], 0, 0, Collector{nullptr, &forced});
        pairSim[0] = forced.similarity();
    }
    for (std::size_t i = 0; i < nGold; ++i) {
        if (pairOf[i] >= 0)
            continue;
        const CompiledTool *tool = toolForGold(c, i);
        int best = -1;
        double bestSim = -1.0;
        for (std::size_t j = 0; j < nCalls; ++j) {
            if (used[j])
                continue;
            CallStats stats;
            if (tool)
                checkCall(*tool, c.gold[i], calls[j], static_cast<int>(j), static_cast<int>(i),
                          Collector{nullptr, &stats});
            const double sim = stats.similarity();
            if (sim > bestSim) {
                bestSim = sim;
                best = static_cast<int>(j);
            }
        }
        if (best >= 0) {
            pairOf[i] = best;
            used[static_cast<std::size_t>(best)] = true;
            pairSim[i] = bestSim;
        }
    }

    double total = 0.0;
    for (std::size_t i = 0; i < nGold; ++i) {
        const int j = pairOf[i];
        if (j < 0) {
            if (c.route == Route::Parallel && !countProblem)
                errors.push_back(noMatch(c, i, -1, nullptr));
            continue;
        }
        total += pairSim[i];
        if (matchedValid[i])
            continue;
        const ParsedCall &call = calls[static_cast<std::size_t>(j)];
        if (c.route == Route::Parallel && !countProblem)
            errors.push_back(noMatch(c, i, j, &call));
        CallStats unused;
        if (const CompiledTool *tool = toolForGold(c, i))
            checkCall(*tool, c.gold[i], call, j, static_cast<int>(i), Collector{&errors, &unused});
    }
    return total;
}

// The full pass for an invalid prediction: pairs gold calls with model calls, lists each pair's
// errors and scores.
void explain(const CompiledCase &c, const std::vector<ParsedCall> &calls, const char *firstError,
             const GreedyPrefix &prefix, CheckResult &result)
{
    const std::size_t nGold = c.gold.size(), nCalls = calls.size();
    std::vector<FragmentError> &errors = result.errors;
    errors.reserve(8);
    const std::string_view first(firstError);
    const bool countProblem = first.find(":wrong_count") != std::string_view::npos;
    if (countProblem) {
        const std::size_t expected = c.route == Route::Simple ? 1 : nGold;
        errors.push_back(FragmentError{firstError,
                                       -1,
                                       -1,
                                       {},
                                       std::to_string(expected) + " call(s)",
                                       std::to_string(nCalls) + " call(s)",
                                       outputSpan(calls)});
    } else if (first == kNoTool) {
        errors.push_back(FragmentError{firstError,
                                       -1,
                                       0,
                                       {},
                                       "a declared function",
                                       c.gold.empty() ? "" : c.gold[0].name,
                                       {}});
    }
    const double total = nGold == 1 && nCalls == 1 && !countProblem
                             ? explainSinglePair(c, calls[0], errors)
                             : explainPairs(c, calls, countProblem, prefix, errors);
    // the first listed error is the verdict's
    auto it = std::find_if(errors.begin(), errors.end(),
                           [&](const FragmentError &e) { return e.kind == first; });
    if (it == errors.end())
        errors.insert(errors.begin(),
                      FragmentError{firstError, -1, -1, {}, {}, {}, outputSpan(calls)});
    else if (it != errors.begin())
        std::rotate(errors.begin(), it, it + 1);

    const std::size_t denominator = std::max<std::size_t>({nGold, nCalls, 1});
    const double q = total / static_cast<double>(denominator);
    result.score = std::min(0.8, -0.8 + 1.6 * q);
}

CheckResult decoderFailure(ParseStatus status, const std::string &message, std::uint32_t offset,
                           std::size_t length)
{
    CheckResult r;
    const bool format = status == ParseStatus::WrongOutputFormat;
    r.errorType = format ? "ast_decoder:decoder_wrong_output_format" : "ast_decoder:decoder_failed";
    // the character where reading stopped; at the end of the text, its last character
    if (offset >= length && length > 0)
        offset = static_cast<std::uint32_t>(length - 1);
    const std::uint32_t end = offset < length ? offset + 1 : offset;
    r.errors.push_back(FragmentError{
        r.errorType, -1, -1, {}, "a list of calls [f(a=1), ...]", message, Span{offset, end}});
    r.score = format ? -0.9 : -1.0;
    return r;
}

CheckResult validResult()
{
    CheckResult result;
    result.valid = true;
    result.score = 1.0;
    return result;
}

// BFCL's irrelevance rule, for records whose right answer calls no tool: right exactly when
// the output does not decode to calls.
CheckResult irrelevanceVerdict(const std::vector<ParsedCall> &calls)
{
    if (calls.empty())
        return validResult();
    CheckResult result;
    result.errorType = "irrelevance_error:decoder_success";
    for (std::size_t i = 0; i < calls.size(); ++i)
        result.errors.push_back(FragmentError{result.errorType,
                                              static_cast<int>(i),
                                              -1,
                                              {},
                                              "no tool call",
                                              calls[i].name,
                                              calls[i].span});
    result.score = -1.0;
    return result;
}

// One gold call, one model call and a function to check it with, the commonest case: BFCL's
// verdict is that pair's first error (for parallel categories, cannot_find_match ahead of it),
// so one full pass gives verdict, errors and score together, and a right prediction costs no
// more than the verdict alone, since a full pass only goes further after an error.
CheckResult checkSinglePair(const CompiledCase &c, const CompiledTool &tool, const ParsedCall &call)
{
    CheckResult result;
    CallStats stats;
    const char *first = checkCall(tool, c.gold[0], call, 0, 0, Collector{&result.errors, &stats});
    if (!first)
        return validResult();
    if (c.route == Route::Parallel) {
        first = kNoMatch;
        result.errors.insert(result.errors.begin(), noMatch(c, 0, 0, &call));
    }
    result.errorType = first;
    result.score = std::min(0.8, -0.8 + 1.6 * stats.similarity());
    return result;
}

CheckResult checkPrefetched(const CompiledCase &compiled, const std::vector<ParsedCall> &calls)
{
    if (compiled.gold.empty())
        return irrelevanceVerdict(calls);
    if (compiled.gold.size() == 1 && calls.size() == 1)
        if (const CompiledTool *tool = toolForGold(compiled, 0))
            return checkSinglePair(compiled, *tool, calls[0]);
    thread_local GreedyPrefix prefix;
    const char *first = verdict(compiled, calls, prefix);
    if (!first)
        return validResult();
    CheckResult result;
    result.errorType = first;
    explain(compiled, calls, first, prefix, result);
    return result;
}

// Calls handed in by a caller (decoded predictions read long before) are usually out of cache,
// and each call's arguments sit in a block of their own: fetching every call's argument block
// at once lets those misses overlap instead of arriving one argument at a time.
void prefetchArguments(const std::vector<ParsedCall> &calls)
{
    for (const ParsedCall &call : calls) {
        const char *begin = reinterpret_cast<const char *>(call.arguments.data());
        const char *end
            = reinterpret_cast<const char *>(call.arguments.data() + call.arguments.size());
        for (const char *line = begin; line < end; line += 64)
            __builtin_prefetch(line, 0, 3);
    }
}

} // namespace

CheckResult checkCalls(const CompiledCase &compiled, const std::vector<ParsedCall> &calls)
{
    compiled.prefetch();
    prefetchArguments(calls);
    return checkPrefetched(compiled, calls);
}

CheckResult checkRaw(const CompiledCase &compiled, std::string_view raw)
{
    compiled.prefetch(); // the gold arrives while the text is parsed
    thread_local ParseResult parsed;
    ParseOptions options;
    options.allowJson = compiled.options.acceptJsonCalls;
    options.strict = compiled.options.strict;
    parseCalls(raw, options, parsed);
    if (!parsed.ok && compiled.gold.empty())
        return validResult(); // not calls: right when no call is wanted
    if (!parsed.ok)
        return decoderFailure(parsed.status, parsed.error, parsed.errorOffset, raw.size());
    return checkPrefetched(compiled, parsed.calls);
}

bool decodedAsCalls(const Json &prediction, std::vector<ParsedCall> &calls, const char **why)
{
    // BFCL's is_function_calling_format_output
    const char *problem = nullptr;
    if (!prediction.is_array())
        problem = "the prediction is neither a string nor a list";
    else
        for (const Json &item : prediction)
            if (!item.is_object() || item.size() != 1 || !item.begin().value().is_object()) {
                problem = "each call must be an object {\"name\": {arguments}}";
                break;
            }
    if (problem) {
        if (why)
            *why = problem;
        return false;
    }
    calls.resize(prediction.size());
    for (std::size_t i = 0; i < prediction.size(); ++i) {
        const auto entry = prediction[i].begin();
        ParsedCall &call = calls[i];
        call.name = entry.key();
        call.nameSpan = {}; // decoded predictions have no text to point into
        call.span = {};
        call.positionalSpans.clear();
        call.arguments.resize(entry.value().size());
        std::size_t a = 0;
        for (auto it = entry.value().begin(); it != entry.value().end(); ++it, ++a) {
            call.arguments[a].name = it.key();
            call.arguments[a].nameSpan = {};
            call.arguments[a].value = fromJson(it.value());
        }
    }
    return true;
}

CheckResult checkJson(const CompiledCase &compiled, const Json &prediction)
{
    if (prediction.is_string())
        return checkRaw(compiled, prediction.get_ref<const std::string &>());
    compiled.prefetch();
    thread_local std::vector<ParsedCall> calls;
    const char *why = nullptr;
    if (!decodedAsCalls(prediction, calls, &why))
        return compiled.gold.empty() ? validResult()
                                     : decoderFailure(ParseStatus::WrongOutputFormat, why, 0, 0);
    return checkPrefetched(compiled, calls);
}

Json toJson(const FragmentError &e)
{
    Json j = Json::object();
    j["kind"] = e.kind;
    j["call"] = e.call;
    j["gold_call"] = e.goldCall;
    j["parameter"] = e.parameter;
    j["expected"] = e.expected;
    j["got"] = e.got;
    if (e.span.empty())
        j["span"] = nullptr;
    else
        j["span"] = Json::array({e.span.begin, e.span.end});
    return j;
}

} // namespace itool::toolcall
