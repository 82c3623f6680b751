#pragma once
// Deficiency selection (method.md, step 2.1): which records a round searches. Perplexity
// mode keeps the top fraction by response perplexity, ranked separately for records whose
// gold calls tools and records whose gold calls none; failure mode keeps the records the
// policy fails (share of k samples the checker rejects); frontier mode keeps the records the
// policy gets right sometimes but not always (its greedy answer and k samples disagree),
// where preference pairs can tell a right fragment from a wrong one. This file is the arithmetic only;
// scoring with a model is deficiency_scorer.h. No torch.
#include <cstddef>
#include <string>
#include <vector>

namespace itool::search {

struct DeficiencyScore
{
    std::size_t index = 0; // the record's position in the training set
    bool callsTools = true;
    double score = 0; // perplexity, or failure rate in [0, 1]
};

// Perplexity mode: per group (calls tools / calls none), the ceil(fraction * group size)
// highest scores (ties: lower index first). Returns indices ascending.
std::vector<std::size_t> selectTopFraction(const std::vector<DeficiencyScore> &scores, double fraction);

// Failure mode: records with a failure rate above 0, the highest rates first, at most
// ceil(fraction * n) of them (fraction >= 1: all failures). Returns indices ascending.
std::vector<std::size_t> selectFailures(const std::vector<DeficiencyScore> &scores, double fraction);

// Frontier mode's score of one record from its greedy answer and k samples: -1 when the
// policy is always right or always wrong (nothing to prefer), else in [0, 2]: records whose
// greedy answer is wrong come first (1 + the share of samples right: the nearest to being
// fixed first), then those whose greedy answer is right (1 - the share of samples right).
double frontierScore(bool greedyRight, int samplesRight, int samples);

// Frontier mode: records with a score of at least 0, the highest first, at most
// ceil(fraction * n) of them. Returns indices ascending.
std::vector<std::size_t> selectFrontier(const std::vector<DeficiencyScore> &scores, double fraction);

} // namespace itool::search
