// Evaluation tallies; see round_eval.h.
#include "core/pipeline/round_eval.h"

#include "core/model/chat_template.h"

#include "core/search/checker_reward.h"

namespace itool::pipeline {

Json RoundEval::toJson() const
{
    auto bucket = [](const AccuracyBucket &b) {
        return Json{{"total", b.total}, {"correct", b.correct}, {"accuracy", b.accuracy()}};
    };
    Json out{{"all", bucket(all)}, {"mean_score", meanScore}, {"seconds", seconds}};
    out["by_difficulty"] = Json::object();
    for (const auto &[k, b] : byDifficulty)
        out["by_difficulty"][k] = bucket(b);
    out["by_category"] = Json::object();
    for (const auto &[k, b] : byCategory)
        out["by_category"][k] = bucket(b);
    out["error_types"] = Json::object();
    for (const auto &[k, n] : errorTypes)
        out["error_types"][k] = n;
    return out;
}

RoundEval tallyOutputs(const std::vector<data::Record> &records, const std::vector<std::string> &outputs)
{
    RoundEval e;
    double scoreSum = 0;
    for (std::size_t i = 0; i < records.size() && i < outputs.size(); ++i) {
        const auto &r = records[i];
        const auto reward = search::checkerReward(r, outputs[i]);
        const bool ok = reward.score >= 1.0;
        scoreSum += reward.score;
        const std::string difficulty(data::toString(r.difficulty));
        const auto category = r.category == data::Category::None && !r.gold.empty() ? data::inferCategory(r)
                                                                                     : r.category;
        const std::string cat = r.gold.empty() ? "no_call" : std::string(data::toString(category));
        e.outputs.push_back(outputs[i]);
        e.correct.push_back(ok);
        for (auto *b : {&e.all, &e.byDifficulty[difficulty], &e.byCategory[cat]}) {
            b->total += 1;
            b->correct += ok ? 1 : 0;
        }
        if (!ok && !reward.errors.empty())
            e.errorTypes[reward.errors[0].value("kind", "unknown")] += 1;
    }
    e.meanScore = records.empty() ? 0.0 : scoreSum / double(std::min(records.size(), outputs.size()));
    return e;
}

std::string predictionLines(const std::vector<data::Record> &records, const RoundEval &eval)
{
    std::string out;
    for (std::size_t i = 0; i < records.size() && i < eval.outputs.size(); ++i)
        out += Json{{"id", records[i].id}, {"result", eval.outputs[i]}, {"correct", bool(eval.correct[i])}}.dump(
                   -1, ' ', false, Json::error_handler_t::replace)
               + "\n";
    return out;
}

std::string fixedCallLines(const std::vector<data::Record> &records, const std::map<std::string, std::string> &before,
                           const std::map<std::string, bool> &beforeCorrect, const RoundEval &after)
{
    std::string out;
    for (std::size_t i = 0; i < records.size() && i < after.outputs.size(); ++i) {
        const auto b = before.find(records[i].id);
        const auto ok = beforeCorrect.find(records[i].id);
        if (b == before.end() || ok == beforeCorrect.end() || ok->second || !after.correct[i])
            continue;
        out += Json{{"id", records[i].id},
                    {"gold", model::renderAnswer(records[i])},
                    {"before", b->second},
                    {"after", after.outputs[i]}}
                   .dump(-1, ' ', false, Json::error_handler_t::replace)
               + "\n";
    }
    return out;
}

} // namespace itool::pipeline
