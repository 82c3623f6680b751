#pragma once
// Monte Carlo tree search over call fragments (method.md, "MCTS per selected sample"), for
// several records in lockstep so that every simulation's expansions go to the policy as one
// batch. One simulation per tree: select (PUCT through expanded nodes that still have
// something to sample), expand (K sampled continuations, each run to the end of the answer:
// that is the rollout, the paper's simulation; each becomes a chain of fragments cut at the
// call grammar's boundaries and snapped to token boundaries, below the depth limit the rest
// is one node), evaluate (the checker's graded score of the complete response), backup
// (N += 1, V += R on every ancestor). A continuation that hits the answer budget before its
// end marker is not a complete answer: it is dropped, never scored. Finished answers are not
// selected again (their subtree is exhausted), so every simulation samples something new;
// a tree with nothing left to sample sits out the remaining simulations.
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
    double exploration = 1.0; // c
    std::int64_t answerBudget = 64; // tokens of a whole response (prefix + continuation)
    bool greedyBranch = false; // the root's first continuation is the greedy answer
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
    std::int64_t truncated = 0;      // continuations dropped at the answer budget
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

// A continuation's steps: the fragment cutter's cuts of prefix + continuation, each moved to
// the nearest token boundary (a token that straddles a cut, such as " b" after ", " in
// `a=1, b=2`, goes to the side that holds more of its bytes, the later one on a tie; the end
// marker stays with the last fragment). Fragments therefore hold whole sampled tokens, never
// a re-encoded piece. Prior of a fragment: exp(mean log-prob of its tokens).
std::vector<Fragment> tokenFragments(const std::string &prefix, const Continuation &continuation);

// Seed of one expansion: a hash of the search seed, the record id and the node id.
std::uint64_t expansionSeed(std::uint64_t seed, const std::string &recordId, int nodeId, int visit);

} // namespace itool::search
