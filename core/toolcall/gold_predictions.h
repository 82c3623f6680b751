#pragma once
// Predictions made from a record's gold answer (one allowed value per parameter), rendered as
// BFCL's decoded list or as a raw bracket string, plus deliberately wrong variants. Used by
// the gold tests and by `itool bench checker`, which need many right and wrong predictions.
// What it is not: a model; nothing here guesses, it only re-writes the gold.
#include "core/data/record.h"

#include <random>
#include <string>
#include <vector>

namespace itool::toolcall {

struct GoldPredictionOptions
{
    bool dropOptional = true;     // leave out parameters the gold marks omittable (unless required)
    bool lastAlternative = false; // take the last allowed value instead of the first
};

// [{"name": {"param": value}}] from the gold; parameters the tool does not declare are left
// out (they may only appear in the gold as omittable).
Json goldAsDecoded(const data::Record &record, const GoldPredictionOptions &options = {});

// Python source for a decoded list: "[f(a=1, b='x'), g(c=[1.0])]".
std::string renderBracket(const Json &decoded);
// Python literal for one JSON value: 'x', 5, 5.0, True, None, [..], {'k': v}.
void appendPythonLiteral(std::string &out, const Json &value);

enum class Mutation { WrongName, DropRequired, ExtraParam, WrongValue, WrongType, WrongCount, BreakSyntax };
const std::vector<Mutation> &allMutations();
std::string_view toString(Mutation mutation);

// A wrong variant of `decoded` (a raw string for BreakSyntax, a decoded list otherwise).
// Returns false when the mutation does not apply (e.g. no parameter to drop).
bool mutatePrediction(const data::Record &record, const Json &decoded, Mutation mutation, std::mt19937 &rng,
                      Json &out);

} // namespace itool::toolcall
