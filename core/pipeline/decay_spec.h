#pragma once
// The versioned JSON spec of the training-gains-decay experiment (`itool experiment decay
// --spec SPEC.json`), shared by the CLI and the workbench. Model, optimizer, tokenizer and
// threads use the SFT spec's fields and checks (sft_spec.h); docs/decay-experiment.md
// documents every field. No torch here.
#include "core/common/json.h"
#include "core/eval/decay_experiment.h"
#include "core/model/predictor.h"
#include "core/pipeline/sft_spec.h"

#include <string>
#include <vector>

namespace itool::pipeline {

inline constexpr int kDecaySpecVersion = 1;

struct DecaySpec
{
    std::string runDir;
    std::vector<std::string> trainFiles; // native JSON Lines
    std::vector<std::string> testFiles; // empty: test records are held out of trainFiles by id hash
    int testPercent = 20;
    std::size_t maxTrainRecords = 0; // 0: all (otherwise a fixed seeded sample of the pool)
    std::size_t maxTestRecords = 0;
    std::vector<double> fractions;
    std::vector<std::uint64_t> seeds;
    std::int64_t fixedSteps = 0; // > 0: every point trains this many steps (budget.steps or the curriculum's sum)
    bool curriculum = false;     // sft.curriculum holds the stages every point trains (else one stage of everything)
    double epochs = 3.0;
    std::int64_t minSteps = 10;
    SftSpec sft; // maxTokens, tokenizer, model, optimizer, threads, curriculum (files unused)
    model::PredictOptions eval; // maxNewTokens 0: follow the test records
    eval::DecayRounds rounds;
    bool roundsContinuedSft = true; // with rounds.spec: also the continued-SFT baseline of equal compute
};

// Throws UserError "SPEC: field: what was expected".
DecaySpec decaySpecFromJson(const Json &json, const std::string &where);
// The spec file's JSON (for decay.json) and the parsed spec.
DecaySpec readDecaySpec(const std::string &path, Json *json = nullptr);

} // namespace itool::pipeline
