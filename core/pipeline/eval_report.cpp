// Checker-based evaluation summary (see eval_report.h).
#include "core/pipeline/eval_report.h"

#include "core/toolcall/checker.h"

#include <cstdio>
#include <stdexcept>

namespace itool::pipeline {

EvalReport evaluateRaw(const std::vector<data::Record> &records, const std::vector<std::string> &results)
{
    if (records.size() != results.size())
        throw std::invalid_argument("evaluateRaw: one result per record expected");
    EvalReport r;
    double scoreSum = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto &rec = records[i];
        const auto compiled = toolcall::compileCase(rec);
        const auto check = toolcall::checkRaw(*compiled, results[i]);
        std::string category(data::toString(rec.category == data::Category::None && !rec.gold.empty()
                                                ? data::inferCategory(rec)
                                                : rec.category));
        std::string difficulty(data::toString(rec.difficulty));
        if (difficulty.empty())
            difficulty = "unset";
        if (category.empty())
            category = "none";
        for (EvalBucket *b : {&r.all, &r.byCategory[category], &r.byDifficulty[difficulty]}) {
            ++b->total;
            b->correct += check.valid ? 1 : 0;
        }
        if (!check.valid)
            ++r.errorTypes[check.errorType.empty() ? "unknown" : check.errorType];
        scoreSum += check.score;
    }
    r.meanScore = records.empty() ? 0.0 : scoreSum / double(records.size());
    return r;
}

Json EvalReport::toJson() const
{
    auto bucket = [](const EvalBucket &b) {
        return Json{{"total", b.total}, {"correct", b.correct}, {"accuracy", b.accuracy()}};
    };
    Json j{{"total", all.total}, {"correct", all.correct}, {"accuracy", all.accuracy()}, {"mean_score", meanScore}};
    j["by_category"] = Json::object();
    for (const auto &[k, b] : byCategory)
        j["by_category"][k] = bucket(b);
    j["by_difficulty"] = Json::object();
    for (const auto &[k, b] : byDifficulty)
        j["by_difficulty"][k] = bucket(b);
    j["error_types"] = Json::object();
    for (const auto &[k, n] : errorTypes)
        j["error_types"][k] = n;
    return j;
}

std::string EvalReport::toText() const
{
    std::string out;
    char buf[256];
    auto line = [&](const std::string &name, const EvalBucket &b) {
        std::snprintf(buf, sizeof buf, "  %-20s %6lld / %-6lld %6.1f%%\n", name.c_str(), (long long)b.correct,
                      (long long)b.total, 100.0 * b.accuracy());
        out += buf;
    };
    out += "overall\n";
    line("all", all);
    out += "by difficulty\n";
    for (const auto &[k, b] : byDifficulty)
        line(k, b);
    out += "by category\n";
    for (const auto &[k, b] : byCategory)
        line(k, b);
    if (!errorTypes.empty()) {
        out += "error types\n";
        for (const auto &[k, n] : errorTypes) {
            std::snprintf(buf, sizeof buf, "  %-40s %6lld\n", k.c_str(), (long long)n);
            out += buf;
        }
    }
    std::snprintf(buf, sizeof buf, "mean checker score %.3f\n", meanScore);
    return out + buf;
}

} // namespace itool::pipeline
