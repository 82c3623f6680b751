#pragma once
// One record's search tree: nodes are response fragments (root = the empty response), each
// holding the token ids the policy sampled for it and their text, with the statistics of
// Monte Carlo tree search (visits N, value sum V), the step prior, the reward of complete
// responses and the checker's fragment errors. Selection (PUCT), adding sampled chains,
// backup and the JSON artifact live here; the search loop is mcts.h.
// What it is not: a policy or a reward function. No torch.
#include "core/common/json.h"
#include "core/search/search_policy.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace itool::search {

struct SearchNode
{
    int id = 0;
    int parent = -1; // -1 for the root
    std::string fragment; // the text of `tokens` (without the end marker)
    TokenIds tokens;      // as sampled; a terminal node's end with the end marker
    double prior = 1.0; // exp(mean token log-prob of the fragment)
    int visits = 0;     // N
    double valueSum = 0.0; // V
    std::optional<double> reward; // checker score of the complete response ending here
    int depth = 0;
    bool terminal = false; // the response ends with this fragment
    bool expanded = false; // K continuations have been sampled from here
    // Nothing is left to sample below: terminal, or expanded with every child exhausted.
    // Selection never enters an exhausted node, so no simulation re-scores a finished answer.
    bool exhausted = false;
    Json errors = Json::array(); // fragment errors of the checker that fall in this fragment
    std::vector<int> children;

    double meanValue() const { return visits > 0 ? valueSum / visits : 0.0; }
};

// PUCT child score of method.md: Q + c p sqrt(ln N_parent / (1 + N)), Q = V / (1 + N).
// ln(0) and ln(1) give no exploration bonus (the bonus is 0 until the parent has 2 visits).
double puctScore(double valueSum, int visits, double prior, int parentVisits, double c);

// One step of a sampled continuation, cut at a token boundary.
struct Fragment
{
    std::string text;
    TokenIds tokens;
    double prior = 1.0;
};
class SearchTree
{
public:
    SearchTree(); // a root only

    const std::vector<SearchNode> &nodes() const { return m_nodes; }
    const SearchNode &node(int id) const { return m_nodes.at(id); }
    SearchNode &node(int id) { return m_nodes.at(id); }
    int size() const { return int(m_nodes.size()); }

    // The response text, and its token ids, from the root down to and including the node.
    std::string text(int id) const;
    TokenIds tokens(int id) const;

    // From the root, follow the best PUCT child among those not exhausted, through expanded
    // nodes; returns the first node that is not expanded, or -1 when the whole tree is
    // exhausted. Ties go to the lower id.
    int select(double c) const;

    // Adds one sampled continuation of `from`: its fragments become a chain (a child with the
    // same tokens and terminal flag is reused), the part below maxDepth one node. Returns the
    // last node of the chain (terminal when `ends`).
    int addChain(int from, const std::vector<Fragment> &fragments, int maxDepth, bool ends);

    // Marks `id` expanded and updates the exhausted flags on it and its ancestors.
    void markExpanded(int id);

    // N += 1 and V += reward on the node and every ancestor (no discount).
    void backup(int id, double reward);

    // Adds a node directly (tests build trees by hand).
    int addNode(int parent, std::string fragment, double prior, bool terminal, TokenIds tokens = {});

    // Compact artifact: {"format":"itool-tree","version":2, ..., "columns":[...], "nodes":[[...]]}
    // (docs/search.md). meta is copied in as the top-level fields after "version".
    Json toJson(const Json &meta = Json::object()) const;
    // Reads versions 1 (before token ids were kept: nodes have none) and 2; throws
    // std::runtime_error naming the node and what was expected on bad input.
    static SearchTree fromJson(const Json &json);

private:
    void updateExhausted(int id); // recomputes the flag on id and, where it changes, above
    std::vector<SearchNode> m_nodes;
};

} // namespace itool::search
