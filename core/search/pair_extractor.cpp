// Pair extraction; see pair_extractor.h and docs/search.md, "Pairs".
#include "core/search/pair_extractor.h"

#include <algorithm>
#include <stdexcept>

namespace itool::search {

Json PairOptions::toJson() const
{
    return Json{{"min_gap", minGap}, {"min_chosen", minChosen}, {"chosen_reaches_correct", chosenReachesCorrect},
                {"max_overlap", maxOverlap}, {"cap_per_round", capPerRound}};
}

PairOptions PairOptions::fromJson(const Json &json, PairOptions d)
{
    d.minGap = json.value("min_gap", d.minGap);
    d.minChosen = json.value("min_chosen", d.minChosen);
    d.chosenReachesCorrect = json.value("chosen_reaches_correct", d.chosenReachesCorrect);
    d.maxOverlap = json.value("max_overlap", d.maxOverlap);
    d.capPerRound = json.value("cap_per_round", d.capPerRound);
    return d;
}

double textOverlap(std::string_view a, std::string_view b)
{
    if (a.empty() && b.empty())
        return 1.0;
    std::vector<int> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
        std::swap(prev, cur);
    }
    return 2.0 * prev[b.size()] / double(a.size() + b.size());
}

std::vector<PreferencePair> extractPairs(const SearchTree &tree, const std::string &recordId, int round,
                                         const std::string &prompt, const PairOptions &options, PairCounts *counts)
{
    std::vector<PreferencePair> out;
    PairCounts local;
    // Whether some complete answer at or below each node is right (children follow parents).
    std::vector<char> reachesCorrect(std::size_t(tree.size()), 0);
    for (int id = tree.size() - 1; id >= 0; --id) {
        const auto &n = tree.node(id);
        if (n.reward && *n.reward >= 1.0)
            reachesCorrect[std::size_t(id)] = 1;
        if (reachesCorrect[std::size_t(id)] && n.parent >= 0)
            reachesCorrect[std::size_t(n.parent)] = 1;
    }
    for (const auto &node : tree.nodes()) {
        int best = -1, worst = -1;
        int visited = 0;
        for (int c : node.children) {
            const auto &ch = tree.node(c);
            if (ch.visits == 0)
                continue;
            ++visited;
            if (best < 0 || ch.meanValue() > tree.node(best).meanValue())
                best = c;
            if (worst < 0 || ch.meanValue() < tree.node(worst).meanValue())
                worst = c;
        }
        if (visited < 2)
            continue;
        ++local.candidates;
        const auto &ch = tree.node(best);
        const auto &rj = tree.node(worst);
        if (best == worst || ch.meanValue() - rj.meanValue() < options.minGap) {
            ++local.lowGap;
            continue;
        }
        if (ch.meanValue() < options.minChosen) {
            ++local.lowChosen;
            continue;
        }
        if (options.chosenReachesCorrect && !reachesCorrect[std::size_t(best)]) {
            ++local.chosenNeverRight;
            continue;
        }
        if (textOverlap(ch.fragment, rj.fragment) > options.maxOverlap) {
            ++local.highOverlap;
            continue;
        }
        PreferencePair p;
        p.recordId = recordId;
        p.round = round;
        p.parentNode = node.id;
        p.chosenNode = best;
        p.rejectedNode = worst;
        p.prompt = prompt;
        p.prefix = tree.text(node.id);
        p.chosen = ch.fragment;
        p.rejected = rj.fragment;
        p.prefixTokens = tree.tokens(node.id);
        p.chosenTokens = ch.tokens;
        p.rejectedTokens = rj.tokens;
        p.chosenValue = ch.meanValue();
        p.rejectedValue = rj.meanValue();
        p.chosenVisits = ch.visits;
        p.rejectedVisits = rj.visits;
        // The rejected side's errors: on its node and on the nodes below it.
        std::vector<int> stack{worst};
        while (!stack.empty()) {
            const int n = stack.back();
            stack.pop_back();
            for (const auto &e : tree.node(n).errors)
                p.rejectedErrors.push_back(e);
            for (int c : tree.node(n).children)
                stack.push_back(c);
        }
        out.push_back(std::move(p));
        ++local.kept;
    }
    if (counts) {
        counts->candidates += local.candidates;
        counts->lowGap += local.lowGap;
        counts->lowChosen += local.lowChosen;
        counts->chosenNeverRight += local.chosenNeverRight;
        counts->highOverlap += local.highOverlap;
        counts->kept += local.kept;
    }
    return out;
}

void capPairs(std::vector<PreferencePair> &pairs, int cap)
{
    if (cap < 0 || int(pairs.size()) <= cap)
        return;
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const PreferencePair &a, const PreferencePair &b) { return a.gap() > b.gap(); });
    pairs.resize(std::size_t(cap));
}

Json pairToJson(const PreferencePair &p)
{
    return Json{{"record", p.recordId},
                {"round", p.round},
                {"nodes", Json{{"parent", p.parentNode}, {"chosen", p.chosenNode}, {"rejected", p.rejectedNode}}},
                {"prompt", p.prompt},
                {"prefix", p.prefix},
                {"chosen", p.chosen},
                {"rejected", p.rejected},
                {"chosen_value", p.chosenValue},
                {"rejected_value", p.rejectedValue},
                {"chosen_visits", p.chosenVisits},
                {"rejected_visits", p.rejectedVisits},
                {"rejected_errors", p.rejectedErrors},
                {"status", p.status},
                {"prefix_tokens", p.prefixTokens},
                {"chosen_tokens", p.chosenTokens},
                {"rejected_tokens", p.rejectedTokens}};
}

PreferencePair pairFromJson(const Json &j)
{
    auto need = [&](const char *key) -> const Json & {
        if (!j.is_object() || !j.contains(key))
            throw std::runtime_error(std::string("pair: missing field \"") + key + "\"");
        return j.at(key);
    };
    try {
        PreferencePair p;
        p.recordId = need("record").get<std::string>();
        p.round = need("round").get<int>();
        const auto &nodes = need("nodes");
        p.parentNode = nodes.at("parent").get<int>();
        p.chosenNode = nodes.at("chosen").get<int>();
        p.rejectedNode = nodes.at("rejected").get<int>();
        p.prompt = j.value("prompt", "");
        p.prefix = need("prefix").get<std::string>();
        p.chosen = need("chosen").get<std::string>();
        p.rejected = need("rejected").get<std::string>();
        p.chosenValue = need("chosen_value").get<double>();
        p.rejectedValue = need("rejected_value").get<double>();
        p.chosenVisits = j.value("chosen_visits", 0);
        p.rejectedVisits = j.value("rejected_visits", 0);
        p.rejectedErrors = j.value("rejected_errors", Json::array());
        p.status = j.value("status", "proposed");
        for (const auto &[key, tokens] : {std::pair{"prefix_tokens", &p.prefixTokens},
                                          std::pair{"chosen_tokens", &p.chosenTokens},
                                          std::pair{"rejected_tokens", &p.rejectedTokens}})
            if (j.contains(key))
                *tokens = j.at(key).get<std::vector<std::int32_t>>();
        return p;
    } catch (const Json::exception &e) {
        throw std::runtime_error(std::string("pair: wrong type: ") + e.what());
    }
}

} // namespace itool::search
