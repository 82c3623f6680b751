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
    std::size_t fractionIndex = 0; // sft: index into the experiment's fractions
    double fraction = 0.0;         // sft: share of the training records; rounds: 1
    std::uint64_t seed = 0;        // experiment seed (rounds: the seed of the SFT model they start from)
    int round = 0;                 // rounds: 1, 2, ...
    std::int64_t records = 0;      // training records seen by the SFT model
    std::int64_t steps = 0;        // optimiser steps of the SFT training
    std::string modelDir;
    double trainSeconds = 0.0, evalSeconds = 0.0;
    PointMetrics metrics;

    // "f0.0625-s1" or "round2-s1": the point's folder name inside the run folder and its key.
    std::string key() const;
};

Json toJson(const DecayPoint &point);
DecayPoint decayPointFromJson(const Json &json, const std::string &where);

} // namespace itool::eval
