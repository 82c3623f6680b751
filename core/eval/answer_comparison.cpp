// Paired comparison of two evaluations; see answer_comparison.h.
#include "core/eval/answer_comparison.h"

#include "core/common/user_error.h"
#include "core/data/input_reader.h"

#include <cstdio>
#include <stdexcept>

namespace itool::eval {

namespace {

void count(PairedOutcomes &o, bool rightA, bool rightB)
{
    if (rightA && rightB)
        ++o.bothRight;
    else if (rightA)
        ++o.onlyA;
    else if (rightB)
        ++o.onlyB;
    else
        ++o.bothWrong;
}

Json pair(const Interval &i) { return Json::array({i.low, i.high}); }

} // namespace

AnswerComparison compareEvaluations(const std::vector<data::Record> &records, const Evaluation &a,
                                    const Evaluation &b)
{
    if (a.judgements.size() != records.size() || b.judgements.size() != records.size())
        throw std::invalid_argument("compareEvaluations: both evaluations must judge the same records");
    AnswerComparison c;
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (a.ids[i] != records[i].id || b.ids[i] != records[i].id)
            throw std::invalid_argument("compareEvaluations: record " + records[i].id + " is not in the same place");
        const bool rightA = a.judgements[i].correct, rightB = b.judgements[i].correct;
        count(c.all.outcomes, rightA, rightB);
        const std::string difficulty = difficultyName(records[i]);
        count(c.byDifficulty[difficulty].outcomes, rightA, rightB);
        if (difficulty == "medium" || difficulty == "hard")
            count(c.mediumAndHard.outcomes, rightA, rightB);
        count(c.byCategory[categoryName(records[i])].outcomes, rightA, rightB);
        if (!rightA && rightB)
            c.fixed.push_back(i);
        if (rightA && !rightB)
            c.broken.push_back(i);
    }
    return c;
}

Json pairedGroupJson(const PairedGroup &g)
{
    const auto &o = g.outcomes;
    return Json{{"total", o.total()},
                {"both_right", o.bothRight},
                {"only_a", o.onlyA},
                {"only_b", o.onlyB},
                {"both_wrong", o.bothWrong},
                {"accuracy_a", o.accuracyA()},
                {"accuracy_b", o.accuracyB()},
                {"ci95_a", pair(wilsonInterval(o.bothRight + o.onlyA, o.total()))},
                {"ci95_b", pair(wilsonInterval(o.bothRight + o.onlyB, o.total()))},
                {"gain", o.accuracyB() - o.accuracyA()},
                {"gain_ci95", pair(g.gain())},
                {"mcnemar_p", g.pValue()}};
}

Json AnswerComparison::toJson(const std::vector<data::Record> &records) const
{
    Json out{{"all", pairedGroupJson(all)}, {"medium_and_hard", pairedGroupJson(mediumAndHard)}};
    for (const auto &[key, groups] : {std::pair{"by_difficulty", &byDifficulty}, std::pair{"by_category", &byCategory}}) {
        Json g = Json::object();
        for (const auto &[name, group] : *groups)
            g[name] = pairedGroupJson(group);
        out[key] = std::move(g);
    }
    for (const auto &[key, list] : {std::pair{"fixed", &fixed}, std::pair{"broken", &broken}}) {
        Json ids = Json::array();
        for (const auto i : *list)
            ids.push_back(records.at(i).id);
        out[key] = std::move(ids);
    }
    return out;
}

std::string AnswerComparison::toText(const std::string &labelA, const std::string &labelB) const
{
    std::string out;
    char buf[320];
    std::snprintf(buf, sizeof buf, "A: %s\nB: %s\n\n", labelA.c_str(), labelB.c_str());
    out += buf;
    std::snprintf(buf, sizeof buf, "%-20s %6s  %-22s  %-22s  %5s %5s  %-26s %s\n", "", "n", "A (95% CI)",
                  "B (95% CI)", "A->B+", "A->B-", "B - A (95% CI)", "McNemar p");
    out += buf;
    auto line = [&](const std::string &name, const PairedGroup &g) {
        const auto &o = g.outcomes;
        const auto ia = wilsonInterval(o.bothRight + o.onlyA, o.total());
        const auto ib = wilsonInterval(o.bothRight + o.onlyB, o.total());
        const auto d = g.gain();
        std::snprintf(buf, sizeof buf,
                      "%-20s %6lld  %5.1f%% [%5.1f, %5.1f]  %5.1f%% [%5.1f, %5.1f]  %5lld %5lld  %+5.1f [%+5.1f, %+5.1f]  "
                      "      %.4f\n",
                      name.c_str(), (long long)o.total(), 100 * o.accuracyA(), 100 * ia.low, 100 * ia.high,
                      100 * o.accuracyB(), 100 * ib.low, 100 * ib.high, (long long)o.onlyB, (long long)o.onlyA,
                      100 * (o.accuracyB() - o.accuracyA()), 100 * d.low, 100 * d.high, g.pValue());
        out += buf;
    };
    line("all", all);
    out += "by difficulty\n";
    for (const auto &[name, g] : byDifficulty)
        line("  " + name, g);
    if (mediumAndHard.outcomes.total() > 0)
        line("  medium+hard", mediumAndHard);
    out += "by category\n";
    for (const auto &[name, g] : byCategory)
        line("  " + name, g);
    out += "A->B+: records A got wrong and B right; A->B-: right under A, wrong under B.\n";
    return out;
}

std::map<std::string, bool> readVerdicts(const std::string &path)
{
    std::map<std::string, bool> out;
    try {
        data::InputReader reader(path);
        data::InputItem item;
        while (reader.next(item)) {
            const Json *j = item.value ? &*item.value : nullptr;
            if (!j || !j->is_object() || !j->contains("id") || !(*j)["id"].is_string() || !j->contains("correct") ||
                !(*j)["correct"].is_boolean())
                throw UserError(path + ":" + std::to_string(item.line) + ": " +
                                (item.value ? std::string("expected {\"id\": string, \"correct\": bool, ...}")
                                            : item.error));
            out[(*j)["id"].get<std::string>()] = (*j)["correct"].get<bool>();
        }
    } catch (const data::InputFileError &e) {
        throw UserError(e.what());
    }
    return out;
}

PairedGroup compareVerdicts(const std::map<std::string, bool> &a, const std::map<std::string, bool> &b)
{
    PairedGroup g;
    for (const auto &[id, rightA] : a)
        if (const auto it = b.find(id); it != b.end())
            count(g.outcomes, rightA, it->second);
    return g;
}

std::string describeGroup(const PairedGroup &g)
{
    const auto &o = g.outcomes;
    const auto d = g.gain();
    char buf[256];
    std::snprintf(buf, sizeof buf, "%.1f%% -> %.1f%% (fixed %lld, broken %lld; gain %+.1f [%+.1f, %+.1f] points; McNemar p %.3g)",
                  100 * o.accuracyA(), 100 * o.accuracyB(), (long long)o.onlyB, (long long)o.onlyA,
                  100 * (o.accuracyB() - o.accuracyA()), 100 * d.low, 100 * d.high, g.pValue());
    return buf;
}

} // namespace itool::eval
