// Checker-based reward; see checker_reward.h.
#include "core/search/checker_reward.h"

#include "core/toolcall/call_parser.h"
#include "core/toolcall/checker.h"

#include <memory>

namespace itool::search {

namespace {
Reward fromCheck(const toolcall::CheckResult &check)
{
    Reward r;
    r.score = check.score;
    for (const auto &e : check.errors) {
        Json brief{{"kind", e.kind}};
        if (!e.parameter.empty())
            brief["parameter"] = e.parameter;
        if (!e.expected.empty())
            brief["expected"] = e.expected;
        if (!e.got.empty())
            brief["got"] = e.got;
        if (!e.span.empty()) {
            brief["begin"] = e.span.begin;
            brief["end"] = e.span.end;
        }
        r.errors.push_back(std::move(brief));
    }
    return r;
}

Reward noCallReward(const std::string &response)
{
    toolcall::ParseOptions options;
    options.allowJson = false;
    const auto parsed = toolcall::parseCalls(response, options);
    Reward r;
    if (parsed.ok && !parsed.calls.empty()) {
        r.score = -1.0;
        r.errors.push_back(Json{{"kind", "irrelevance:called_a_tool"}, {"got", parsed.calls[0].name}});
    } else {
        r.score = 1.0;
    }
    return r;
}
} // namespace

Reward checkerReward(const data::Record &record, const std::string &response)
{
    if (record.gold.empty())
        return noCallReward(response);
    const auto compiled = toolcall::compileCase(record);
    return fromCheck(toolcall::checkRaw(*compiled, response));
}

RewardFunction makeCheckerReward(const std::vector<const data::Record *> &records)
{
    std::vector<std::shared_ptr<const toolcall::CompiledCase>> compiled(records.size());
    for (std::size_t i = 0; i < records.size(); ++i)
        if (!records[i]->gold.empty())
            compiled[i] = toolcall::compileCase(*records[i]);
    return [records, compiled](std::size_t problem, const std::string &response) -> Reward {
        if (!compiled.at(problem))
            return noCallReward(response);
        return fromCheck(toolcall::checkRaw(*compiled[problem], response));
    };
}

} // namespace itool::search
