#pragma once
// The search reward: the checker's graded score of a complete response against the record's
// gold calls (in [-1, 1]) and its fragment errors with their spans. Records whose gold calls
// no tool follow BFCL's irrelevance rule inside the checker: +1 without a call, -1 with one.
// What it is not: the checker itself (toolcall/checker.h).
#include "core/data/record.h"
#include "core/search/mcts.h"

#include <vector>

namespace itool::search {

// problem i of the search is records[i]; the records must outlive the function.
RewardFunction makeCheckerReward(const std::vector<const data::Record *> &records);

// One record's reward (what the function above calls).
Reward checkerReward(const data::Record &record, const std::string &response);

} // namespace itool::search
