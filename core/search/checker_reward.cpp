// Checker-based reward; see checker_reward.h.
#include "core/search/checker_reward.h"

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

} // namespace

Reward checkerReward(const data::Record &record, const std::string &response)
{
    const auto compiled = toolcall::compileCase(record);
    return fromCheck(toolcall::checkRaw(*compiled, response));
}

RewardFunction makeCheckerReward(const std::vector<const data::Record *> &records)
{
    std::vector<std::shared_ptr<const toolcall::CompiledCase>> compiled(records.size());
    for (std::size_t i = 0; i < records.size(); ++i)
        compiled[i] = toolcall::compileCase(*records[i]);
    return [compiled](std::size_t problem, const std::string &response) -> Reward {
        return fromCheck(toolcall::checkRaw(*compiled.at(problem), response));
    };
}

} // namespace itool::search
