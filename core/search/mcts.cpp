// The lockstep MCTS loop; see mcts.h and docs/search.md.
#include "core/search/mcts.h"

#include "core/search/fragment_cutter.h"

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace itool::search {

Json MctsOptions::toJson() const
{
    return Json{{"simulations", simulations}, {"width", width},
                {"max_depth", maxDepth},       {"exploration", exploration},
                {"answer_budget", answerBudget}, {"greedy_branch", greedyBranch},
                {"seed", seed}};
}

MctsOptions MctsOptions::fromJson(const Json &json, MctsOptions d)
{
    d.simulations = json.value("simulations", d.simulations);
    d.width = json.value("width", d.width);
    d.maxDepth = json.value("max_depth", d.maxDepth);
    d.exploration = json.value("exploration", d.exploration);
    d.answerBudget = json.value("answer_budget", d.answerBudget);
    d.greedyBranch = json.value("greedy_branch", d.greedyBranch);
    d.seed = json.value("seed", d.seed);
    if (d.simulations < 1 || d.width < 1 || d.maxDepth < 1)
        throw std::invalid_argument("search: simulations, width and max_depth must be >= 1");
    return d;
}

namespace {
std::uint64_t mix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}
} // namespace

std::uint64_t expansionSeed(std::uint64_t seed, const std::string &recordId, int nodeId, int visit)
{
    std::uint64_t h = 1469598103934665603ULL; // FNV-1a of the id
    for (unsigned char ch : recordId)
        h = (h ^ ch) * 1099511628211ULL;
    return mix(mix(mix(seed) ^ h) ^ (std::uint64_t(nodeId) << 20) ^ std::uint64_t(visit));
}

std::vector<Fragment> tokenFragments(const std::string &prefix, const Continuation &c)
{
    const std::size_t n = std::min({c.tokens.size(), c.tokenEnds.size(), c.logProbs.size()});
    // Where each token begins; the end marker (an empty span at the end) begins nothing new.
    std::vector<std::uint32_t> begins;
    std::uint32_t at = 0;
    for (std::size_t t = 0; t < n; ++t) {
        begins.push_back(at);
        at = c.tokenEnds[t];
    }
    // Each of the cutter's cuts moves to the nearest token boundary (a token that straddles
    // the cut goes to the side holding more of its bytes; on a tie, to the later fragment).
    std::vector<std::size_t> startTokens{0};
    std::size_t offset = 0;
    for (const auto &piece : cutContinuation(prefix, c.text)) {
        const std::size_t cut = offset;
        offset += piece.size();
        if (cut == 0)
            continue;
        std::size_t best = 0;
        for (std::size_t t = 1; t < n; ++t) {
            if (begins[t] >= c.text.size() && begins[t] == c.tokenEnds[t])
                break; // the end marker
            const auto distance = [&](std::size_t k) { return begins[k] > cut ? begins[k] - cut : cut - begins[k]; };
            if (distance(t) < distance(best))
                best = t;
        }
        if (best > startTokens.back())
            startTokens.push_back(best);
    }
    std::vector<Fragment> out;
    for (std::size_t f = 0; f < startTokens.size() && n > 0; ++f) {
        const std::size_t first = startTokens[f], last = f + 1 < startTokens.size() ? startTokens[f + 1] : n;
        Fragment fragment;
        double logSum = 0.0;
        for (std::size_t t = first; t < last; ++t) {
            fragment.tokens.push_back(c.tokens[t]);
            logSum += c.logProbs[t];
        }
        fragment.text = c.text.substr(begins[first], (last < n ? begins[last] : c.text.size()) - begins[first]);
        fragment.prior = std::exp(logSum / double(std::max<std::size_t>(1, fragment.tokens.size())));
        out.push_back(std::move(fragment));
    }
    return out;
}

SearchStats runMcts(const std::vector<SearchProblem> &problems, SearchPolicy &policy, const RewardFunction &reward,
                    const MctsOptions &options, std::vector<SearchTree> &trees, const std::atomic<bool> *cancel)
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    SearchStats stats;
    trees.assign(problems.size(), SearchTree{});

    auto evaluate = [&](std::size_t p, int nodeId) {
        auto &tree = trees[p];
        auto &node = tree.node(nodeId);
        if (!node.reward) {
            const std::string response = tree.text(nodeId);
            Reward r = reward(p, response);
            node.reward = r.score;
            // Attach each error to the fragment of the path that holds its start; errors
            // without a span (whole output) stay on the terminal node.
            std::vector<int> path;
            for (int n = nodeId; n > 0; n = tree.node(n).parent)
                path.push_back(n);
            for (const auto &e : r.errors) {
                const auto b = e.value("begin", std::size_t(0));
                const auto en = e.value("end", std::size_t(0));
                int target = nodeId;
                if (en > b) {
                    std::size_t offset = response.size();
                    for (int n : path) { // from the terminal up
                        offset -= tree.node(n).fragment.size();
                        if (b >= offset) {
                            target = n;
                            break;
                        }
                    }
                }
                Json brief = e;
                tree.node(target).errors.push_back(std::move(brief));
            }
        }
        ++stats.rollouts;
        tree.backup(nodeId, *tree.node(nodeId).reward);
    };

    for (int sim = 0; sim < options.simulations; ++sim) {
        if (cancel && cancel->load())
            break;
        std::vector<ExpansionRequest> requests;
        std::vector<int> leaves;
        for (std::size_t p = 0; p < problems.size(); ++p) {
            const int leaf = trees[p].select(options.exploration);
            if (leaf < 0)
                continue; // nothing left to sample in this tree
            ExpansionRequest req;
            req.problem = p;
            req.prefix = trees[p].text(leaf);
            req.prefixTokens = trees[p].tokens(leaf);
            req.samples = options.width;
            req.greedy = options.greedyBranch && leaf == 0 ? 1 : 0;
            req.maxNewTokens = options.answerBudget - std::int64_t(req.prefixTokens.size());
            req.seed = expansionSeed(options.seed, problems[p].recordId, leaf, sim);
            if (req.maxNewTokens < 1) { // a prefix that already fills the budget: nothing to add
                trees[p].markExpanded(leaf);
                continue;
            }
            requests.push_back(std::move(req));
            leaves.push_back(leaf);
        }
        if (requests.empty())
            continue;
        const auto t0 = Clock::now();
        auto results = policy.expand(requests);
        stats.policySeconds += std::chrono::duration<double>(Clock::now() - t0).count();
        ++stats.policyCalls;
        stats.expansions += std::int64_t(requests.size());
        if (results.size() != requests.size())
            throw std::runtime_error("search policy returned a wrong number of results");
        for (std::size_t r = 0; r < requests.size(); ++r) {
            const std::size_t p = requests[r].problem;
            auto &tree = trees[p];
            const int leaf = leaves[r];
            std::vector<int> ends;
            for (const auto &cont : results[r]) {
                stats.sampledTokens += std::int64_t(cont.tokens.size());
                if (!cont.finished) {
                    ++stats.truncated;
                    continue;
                }
                auto fragments = tokenFragments(requests[r].prefix, cont);
                if (fragments.empty())
                    continue; // the policy returned nothing at all
                // Group below the depth limit here, so the remainder's prior comes from its tokens.
                const int room = options.maxDepth - tree.node(leaf).depth;
                if (room >= 1 && int(fragments.size()) > room) {
                    Fragment rest;
                    double logSum = 0.0;
                    for (std::size_t j = std::size_t(room - 1); j < fragments.size(); ++j) {
                        rest.text += fragments[j].text;
                        rest.tokens.insert(rest.tokens.end(), fragments[j].tokens.begin(), fragments[j].tokens.end());
                        logSum += double(fragments[j].tokens.size()) * std::log(std::max(fragments[j].prior, 1e-300));
                    }
                    rest.prior = std::exp(logSum / double(std::max<std::size_t>(1, rest.tokens.size())));
                    fragments.resize(std::size_t(room - 1));
                    fragments.push_back(std::move(rest));
                }
                ends.push_back(tree.addChain(leaf, fragments, options.maxDepth, true));
            }
            tree.markExpanded(leaf);
            for (int end : ends)
                evaluate(p, end);
        }
    }
    stats.totalSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    return stats;
}

} // namespace itool::search
