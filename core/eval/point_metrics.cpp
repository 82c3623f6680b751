// Metrics of one evaluation (see point_metrics.h).
#include "core/eval/point_metrics.h"

#include "core/common/user_error.h"
#include "core/eval/accuracy_statistics.h"

namespace itool::eval {

std::string categoryName(const data::Record &record)
{
    auto category = record.category;
    if (category == data::Category::None && !record.gold.empty())
        category = data::inferCategory(record);
    if (record.gold.empty())
        return "none";
    return std::string(data::toString(category));
}

std::string difficultyName(const data::Record &record)
{
    const std::string name(data::toString(record.difficulty));
    return name.empty() ? "unset" : name;
}

void PointMetrics::add(const data::Record &record, bool correct,
                       const std::vector<std::string> &errorKinds)
{
    const auto bump = [correct](Tally &t) {
        ++t.total;
        t.correct += correct ? 1 : 0;
    };
    bump(overall);
    bump(byCategory[categoryName(record)]);
    bump(byDifficulty[difficultyName(record)]);
    for (const auto &kind : errorKinds)
        ++fragmentErrors[kind];
    if (!correct && !errorKinds.empty())
        ++firstErrors[errorKinds.front()];
}

namespace {

// Every accuracy carries its 95 % Wilson interval ("ci95"); readers that predate it ignore it.
Json tallyJson(const Tally &t)
{
    const Interval ci = wilsonInterval(t.correct, t.total);
    return Json{{"total", t.total}, {"correct", t.correct}, {"accuracy", t.accuracy()}, {"ci95", {ci.low, ci.high}}};
}

Tally tallyFrom(const Json &j, const std::string &where)
{
    if (!j.is_object() || !j.contains("total") || !j.contains("correct")
        || !j["total"].is_number_integer() || !j["correct"].is_number_integer())
        throw UserError(where + ": expected {\"total\": integer, \"correct\": integer, ...}");
    return Tally{j["total"].get<std::int64_t>(), j["correct"].get<std::int64_t>()};
}

Json tallies(const std::map<std::string, Tally> &m)
{
    Json out = Json::object();
    for (const auto &[k, t] : m)
        out[k] = tallyJson(t);
    return out;
}

Json counts(const std::map<std::string, std::int64_t> &m)
{
    Json out = Json::object();
    for (const auto &[k, n] : m)
        out[k] = n;
    return out;
}

const Json &field(const Json &j, const char *key, const std::string &where)
{
    if (!j.contains(key))
        throw UserError(where + ": \"" + key + "\" missing");
    return j.at(key);
}

} // namespace

Json toJson(const PointMetrics &m)
{
    Json j = tallyJson(m.overall);
    j["by_category"] = tallies(m.byCategory);
    j["by_difficulty"] = tallies(m.byDifficulty);
    j["fragment_errors"] = counts(m.fragmentErrors);
    j["first_errors"] = counts(m.firstErrors);
    return j;
}

PointMetrics pointMetricsFromJson(const Json &json, const std::string &where)
{
    if (!json.is_object())
        throw UserError(where + ": expected a JSON object");
    PointMetrics m;
    m.overall = tallyFrom(json, where);
    for (const char *key : {"by_category", "by_difficulty"}) {
        const Json &obj = field(json, key, where);
        if (!obj.is_object())
            throw UserError(where + ": \"" + key + "\": expected an object");
        auto &target = std::string(key) == "by_category" ? m.byCategory : m.byDifficulty;
        for (auto it = obj.begin(); it != obj.end(); ++it)
            target[it.key()]
                = tallyFrom(it.value(), where + ": \"" + key + "\": \"" + it.key() + "\"");
    }
    for (const char *key : {"fragment_errors", "first_errors"}) {
        const Json &obj = field(json, key, where);
        if (!obj.is_object())
            throw UserError(where + ": \"" + key + "\": expected an object");
        auto &target = std::string(key) == "fragment_errors" ? m.fragmentErrors : m.firstErrors;
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            if (!it.value().is_number_integer())
                throw UserError(where + ": \"" + key + "\": \"" + it.key()
                                + "\": expected an integer");
            target[it.key()] = it.value().get<std::int64_t>();
        }
    }
    return m;
}

} // namespace itool::eval
