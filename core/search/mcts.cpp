// The lockstep MCTS loop; see mcts.h and docs/search.md.
#include "core/search/mcts.h"

#include "core/search/fragment_cutter.h"

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace itool::search {

Json MctsOptions::toJson() const
{
    return Json{{"simulations", simulations}, {"width", width},       {"max_depth", maxDepth},
                {"simulation_steps", simulationSteps}, {"exploration", exploration}, {"seed", seed}};
}

MctsOptions MctsOptions::fromJson(const Json &json, MctsOptions d)
{
    d.simulations = json.value("simulations", d.simulations);
    d.width = json.value("width", d.width);
    d.maxDepth = json.value("max_depth", d.maxDepth);
    d.simulationSteps = json.value("simulation_steps", d.simulationSteps);
    d.exploration = json.value("exploration", d.exploration);
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

std::vector<double> fragmentPriors(const Continuation &c, const std::vector<std::string> &fragments)
{
    std::vector<double> sums(fragments.size(), 0.0);
    std::vector<int> counts(fragments.size(), 0);
    std::vector<std::size_t> begin(fragments.size());
    std::size_t at = 0;
    for (std::size_t f = 0; f < fragments.size(); ++f) {
        begin[f] = at;
        at += fragments[f].size();
    }
    std::uint32_t tokenBegin = 0;
    for (std::size_t t = 0; t < c.logProbs.size() && t < c.tokenEnds.size(); ++t) {
        const std::uint32_t tokenEnd = c.tokenEnds[t];
        for (std::size_t f = 0; f < fragments.size(); ++f) {
            const std::size_t fb = begin[f], fe = begin[f] + fragments[f].size();
            const bool overlaps = tokenBegin < fe && tokenEnd > fb;
            const bool endMarker = tokenBegin == tokenEnd && f + 1 == fragments.size() && tokenBegin >= fb;
            if (overlaps || endMarker) {
                sums[f] += c.logProbs[t];
                counts[f] += 1;
            }
        }
        tokenBegin = tokenEnd;
    }
    std::vector<double> priors(fragments.size(), 1.0);
    for (std::size_t f = 0; f < fragments.size(); ++f)
        if (counts[f] > 0)
            priors[f] = std::exp(sums[f] / counts[f]);
    return priors;
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
            if (trees[p].node(leaf).terminal) {
                evaluate(p, leaf);
                continue;
            }
            ExpansionRequest req;
            req.problem = p;
            req.prefix = trees[p].text(leaf);
            req.samples = options.width;
            req.seed = expansionSeed(options.seed, problems[p].recordId, leaf, sim);
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
            tree.node(leaf).expanded = true;
            for (const auto &cont : results[r]) {
                stats.sampledTokens += std::int64_t(cont.logProbs.size());
                auto fragments = cutContinuation(requests[r].prefix, cont.text);
                if (fragments.empty())
                    fragments.emplace_back(); // an immediate end: one empty terminal step
                // Group below the depth limit here, so the remainder's prior comes from its tokens.
                const int room = options.maxDepth - tree.node(leaf).depth;
                if (room >= 1 && int(fragments.size()) > room) {
                    std::string rest;
                    for (std::size_t j = std::size_t(room - 1); j < fragments.size(); ++j)
                        rest += fragments[j];
                    fragments.resize(std::size_t(room - 1));
                    fragments.push_back(std::move(rest));
                }
                const auto priors = fragmentPriors(cont, fragments);
                const int end = tree.addChain(leaf, fragments, priors, options.maxDepth, true);
                evaluate(p, end);
            }
        }
    }
    stats.totalSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    return stats;
}

} // namespace itool::search
