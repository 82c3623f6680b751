#pragma once
// One finished point of the decay experiment: a model trained on one fraction of the
// training records with one seed (kind "sft"), or an iTool round's model (kind "round"),
// with what its evaluation on the shared test set measured. JSON form = one entry of
// decay.json "points" and one metrics.jsonl line. No torch.
#include "core/common/json.h"
#include "core/eval/point_metrics.h"

#include <cstdint>
#include <string>

namespace itool::eval {

struct DecayPoint
{
    std::string kind = "sft";      // "sft" or "round"
    std::string method = "itool";  // rounds: "itool", or "continued_sft" (the baseline of equal compute)
    std::size_t fractionIndex = 0; // sft: index into the experiment's fractions
    double fraction = 0.0;         // sft: share of the training records; rounds: 1
    std::uint64_t seed = 0;   // experiment seed (rounds: the seed of the SFT model they start from)
    int round = 0;            // rounds: 1, 2, ...
    std::int64_t records = 0; // training records seen by the SFT model
    std::int64_t steps = 0;   // optimiser steps of the SFT training
    std::string modelDir;
    double trainSeconds = 0.0, evalSeconds = 0.0;
    // Training compute in forward-token equivalents (a token trained on counts 3, forward and
    // backward; a token only run forward counts 1, as in the rounds' RoundCompute). SFT
    // points: the point's own training. Rounds: what the rounds added since the full-data
    // model, up to and including this one. 0 when unknown.
    std::int64_t computeTokens = 0;
    PointMetrics metrics;
    // '1' / '0' per test record in test order (right / wrong), for paired intervals between
    // points; empty in result files written before it existed.
    std::string outcomes;

    // "f0.0625-s1", "round2-s1" or "sft-round2-s1" (continued SFT): the point's folder name
    // inside the run folder and its key.
    std::string key() const;
};

Json toJson(const DecayPoint &point);
DecayPoint decayPointFromJson(const Json &json, const std::string &where);

} // namespace itool::eval
