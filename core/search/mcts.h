#pragma once
// Monte Carlo tree search over call fragments (method.md, "MCTS per selected sample"), for
// several records in lockstep so that every simulation's expansions go to the policy as one
// batch. One simulation per tree: select (PUCT through expanded nodes), expand (K sampled
// continuations become chains; below the depth limit the rest is one node), evaluate (each
// continuation is one rollout: the checker's graded score of the complete response), backup
// (N += 1, V += R on every ancestor). A selected terminal node is re-evaluated and backed up.
// Deterministic for a seed and a policy that is deterministic for its request seeds.
// What it is not: a policy (search_policy.h), the reward (the caller's function) or pairs.
#include "core/common/json.h"
#include "core/search/search_policy.h"
#include "core/search/search_tree.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace itool::search {

struct MctsOptions
{
    int simulations = 5;   // per record
    int width = 3;         // continuations sampled per expansion (K)
    int maxDepth = 3;      // nodes at this depth hold the rest of the response
    int simulationSteps = 2; // documented budget of a rollout below the expanded node
    double exploration = 1.0; // c
    std::uint64_t seed = 0;
    Json toJson() const;
    static MctsOptions fromJson(const Json &json, MctsOptions defaults);
    static MctsOptions fromJson(const Json &json) { return fromJson(json, MctsOptions{}); }
};

struct Reward
{
    double score = -1.0;         // in [-1, 1]
    Json errors = Json::array(); // [{"kind","parameter","begin","end"}...] spans in the full text
};
// Scores one complete response of problem `problem`.
using RewardFunction = std::function<Reward(std::size_t problem, const std::string &response)>;

struct SearchProblem
{
    std::string recordId; // seeds the tree's requests, so a tree does not depend on its batch
};

struct SearchStats
{
    std::int64_t rollouts = 0;       // complete responses evaluated
    std::int64_t expansions = 0;     // requests sent to the policy
    std::int64_t policyCalls = 0;    // batches sent to the policy
    std::int64_t sampledTokens = 0;  // tokens in the continuations
    double policySeconds = 0.0;
    double totalSeconds = 0.0;
};

// Runs the search; trees[i] belongs to problems[i]. cancel (optional) is checked between
// simulations. Returns the statistics.
SearchStats runMcts(const std::vector<SearchProblem> &problems, SearchPolicy &policy, const RewardFunction &reward,
                    const MctsOptions &options, std::vector<SearchTree> &trees,
                    const std::atomic<bool> *cancel = nullptr);

// Priors of fragments from a continuation's tokens: exp(mean log-prob of the tokens that
// overlap the fragment); tokens with an empty span (the end marker) count for the last one.
std::vector<double> fragmentPriors(const Continuation &continuation, const std::vector<std::string> &fragments);

// Seed of one expansion: a hash of the search seed, the record id and the node id.
std::uint64_t expansionSeed(std::uint64_t seed, const std::string &recordId, int nodeId, int visit);

} // namespace itool::search
