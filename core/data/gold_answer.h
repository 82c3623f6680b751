#pragma once
// One concrete answer from a record's gold, for exports and training targets.
// Rule: each gold parameter takes its first allowed value that is not "" (the "may be
// omitted" marker); a parameter whose only allowed value is "" is left out. Records imported
// from BFCL (meta.gold_style == "bfcl") write dict values as {key: [alternatives]}; the same
// rule is applied inside them, key by key, also in lists of dicts.
// What it is not: the checker (which accepts any allowed value).
#include "core/data/record.h"

#include <optional>
#include <vector>

namespace itool::data {

// The chosen value, or nothing when the parameter is to be left out.
std::optional<Json> chooseGoldValue(const std::vector<Json> &allowed, bool nestedAlternatives);

std::vector<ConversationCall> goldAnswer(const Record &record);

bool hasNestedAlternatives(const Record &record);

} // namespace itool::data
