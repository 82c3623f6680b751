#pragma once
// Step-wise preference pairs from a search tree (method.md, step 3): at every node with at
// least two visited children, chosen = the child with the highest mean value V/N, rejected =
// the lowest; kept when the gap, the chosen value and the text overlap pass the thresholds
// (and, optionally, when some answer through the chosen child is entirely right). Both sides
// share the prefix from the root and differ in one fragment; a pair keeps the token ids the
// policy sampled for the prefix and both fragments. A per-round cap keeps the pairs with the
// largest gaps. What it is not: storage (store/preference_store.h).
#include "core/common/json.h"
#include "core/search/search_tree.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace itool::search {

struct PairOptions
{
    // Thresholds on the checker's graded score (docs/search.md, "Pair rules on the checker's
    // scale": the paper's -0.3 on its judge's scale is about 0.05 here).
    double minGap = 0.1;
    double minChosen = 0.05;
    // The chosen child must lead to at least one answer the checker judges right, so that a
    // pair never prefers one wrong fragment over another.
    bool chosenReachesCorrect = false;
    double maxOverlap = 0.95;
    int capPerRound = 4000;
    Json toJson() const;
    static PairOptions fromJson(const Json &json, PairOptions defaults);
    static PairOptions fromJson(const Json &json) { return fromJson(json, PairOptions{}); }
};

struct PreferencePair
{
    std::string recordId;
    int round = 0;
    int parentNode = 0, chosenNode = 0, rejectedNode = 0;
    std::string prompt; // the rendered conversation prompt (may be left empty by callers)
    std::string prefix; // the shared response prefix
    std::string chosen, rejected; // the differing fragments
    // The sampled token ids of the prefix and of both fragments (a fragment that ends the
    // answer ends with the end marker). Empty for pairs read from before they were kept.
    std::vector<std::int32_t> prefixTokens, chosenTokens, rejectedTokens;
    double chosenValue = 0.0, rejectedValue = 0.0;
    int chosenVisits = 0, rejectedVisits = 0;
    Json rejectedErrors = Json::array();
    std::string status = "proposed"; // proposed / approved / rejected / edited
    double gap() const { return chosenValue - rejectedValue; }
};

// Similarity of two texts in [0, 1]: 2 * LCS / (|a| + |b|) over bytes (1 for two empty texts).
double textOverlap(std::string_view a, std::string_view b);

struct PairCounts
{
    int candidates = 0; // nodes with >= 2 visited children
    int lowGap = 0, lowChosen = 0, chosenNeverRight = 0, highOverlap = 0;
    int kept = 0;
};

// Pairs of one tree, in node order; counts (optional) says why candidates were dropped.
std::vector<PreferencePair> extractPairs(const SearchTree &tree, const std::string &recordId, int round,
                                         const std::string &prompt, const PairOptions &options,
                                         PairCounts *counts = nullptr);

// Keeps the `cap` pairs with the largest gaps (stable: ties keep their order).
void capPairs(std::vector<PreferencePair> &pairs, int cap);

Json pairToJson(const PreferencePair &pair);
PreferencePair pairFromJson(const Json &json); // throws std::runtime_error naming the field

} // namespace itool::search
