// The continued-SFT baseline's round; see continued_sft_round.h.
#include "core/pipeline/continued_sft_round.h"

#include "core/common/json_file.h"
#include "core/common/user_error.h"
#include "core/model/chat_template.h"
#include "core/model/model_io.h"
#include "core/model/threading.h"
#include "core/train/sft_trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace itool::pipeline {

double continuedSftBudget(const RoundSpec &spec, int round)
{
    if (spec.sft.computeOf.empty())
        return spec.sft.computeTokens;
    const std::string statePath = (fs::path(spec.sft.computeOf) / "state.json").string();
    const Json state = readJsonFile(statePath);
    const Json *rounds = state.is_object() && state.contains("rounds") ? &state["rounds"] : nullptr;
    if (!rounds || !rounds->is_array())
        throw UserError(statePath + ": no \"rounds\" list: not the folder of an itool run");
    for (const auto &r : *rounds)
        if (r.is_object() && r.value("round", 0) == round && r.contains("compute") && r["compute"].is_object())
            return r["compute"].value("total", 0.0);
    throw UserError(statePath + ": round " + std::to_string(round) +
                    " is not finished there (or was run before compute was counted); the baseline needs its compute");
}

ContinuedSftRound runContinuedSftRound(const std::string &policyDir, const model::BpeTokenizer &tokenizer,
                                       const std::vector<data::Record> &train, const RoundSpec &spec, int round,
                                       double budgetTokens, EventSink *events, const CancelToken *cancel)
{
    const auto start = std::chrono::steady_clock::now();
    const auto policy = model::loadModel(policyDir);
    train::CurriculumStage stage;
    stage.name = "continued";
    std::int64_t tokens = 0;
    for (const auto &r : train) {
        auto t = model::tokenizeChat(r, tokenizer, std::size_t(spec.maxTokens));
        if (!t.fits)
            continue;
        train::TrainExample e;
        e.ids.assign(t.ids.begin(), t.ids.end());
        e.lossMask = std::move(t.answerMask);
        tokens += std::int64_t(e.ids.size());
        stage.examples.push_back(std::move(e));
    }
    if (stage.examples.empty())
        throw UserError("continued SFT: no train record fits in max_tokens " + std::to_string(spec.maxTokens));
    // A step's cost in forward-token equivalents: its rows' mean length, trained (x 3).
    const double perStep = 3.0 * double(spec.sft.batchSize) * double(tokens) / double(stage.examples.size());
    stage.steps = std::max<std::int64_t>(1, std::int64_t(std::llround(budgetTokens / perStep)));

    train::SftOptions o;
    o.model = policy->config();
    o.initModelDir = policyDir;
    o.lr = spec.sft.lr;
    o.minLrRatio = spec.sft.minLrRatio;
    o.warmupSteps = std::int64_t(std::ceil(spec.sft.warmupRatio * double(stage.steps)));
    o.weightDecay = 0.0;
    o.batchSize = spec.sft.batchSize;
    o.seed = spec.seed * 1000003ULL + std::uint64_t(round);
    o.runDir = (fs::path(spec.runDir) / "sft" / ("round-" + std::to_string(round))).string();
    o.padId = o.model.eosTokenId;
    o.threads = model::trainingThreads(false);
    o.threads.torchThreads = spec.threads.torchThreads;
    o.threads.blasThreads = spec.threads.blasThreads;
    if (spec.workers > 0)
        o.threads.workers = spec.workers;
    // A round is redone whole on resume: its SFT starts over.
    fs::remove_all(o.runDir);
    const auto result = train::runSft(o, {stage}, events, cancel);
    ContinuedSftRound out;
    out.steps = result.steps;
    out.tokens = result.tokens;
    out.computeTokens = 3 * result.tokens;
    out.cancelled = result.cancelled || result.halted;
    if (!result.losses.empty()) {
        out.firstLoss = result.losses.front();
        out.lastLoss = result.losses.back();
    }
    out.modelDir = result.modelDir;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

} // namespace itool::pipeline
