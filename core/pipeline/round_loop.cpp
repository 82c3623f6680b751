// The iTool rounds: the run folder, resume, and the order of the stages; see round_loop.h
// and docs/rounds.md. The stages themselves: round_selection.h, round_search.h,
// round_pairs.h, continued_sft_round.h; the answers are judged by eval/evaluation.h.
#include "core/pipeline/round_loop.h"

#include "core/common/atomic_file.h"
#include "core/common/json_file.h"
#include "core/common/user_error.h"
#include "core/eval/answer_comparison.h"
#include "core/eval/evaluation.h"
#include "core/model/chat_template.h"
#include "core/model/greedy_decoding.h"
#include "core/model/model_io.h"
#include "core/pipeline/continued_sft_round.h"
#include "core/pipeline/record_files.h"
#include "core/pipeline/round_pairs.h"
#include "core/pipeline/round_search.h"
#include "core/pipeline/round_selection.h"
#include "core/pipeline/run_warmup.h"
#include "core/pipeline/synthetic_training_data.h"
#include "core/search/decoder_policy.h"
#include "core/store/preference_store.h"
#include "core/train/preference_trainer.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

namespace fs = std::filesystem;

namespace itool::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

// Model output may end inside a UTF-8 sequence (a fragment cut between byte tokens): files
// get U+FFFD there instead of an exception.
std::string dumpSafe(const Json &j, int indent = -1)
{
    return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Record ids as file names: anything but [A-Za-z0-9._-] becomes '_'.
std::string safeName(const std::string &id)
{
    std::string s = id;
    for (char &c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
            c = '_';
    return s.empty() ? "record" : s;
}

std::string roundFolder(int round) { return "round-" + std::to_string(round); }

RoundEvent ev(std::string stage, int round, std::int64_t done = 0, std::int64_t total = 0, double value = 0,
              Json data = Json::object(), std::string message = {})
{
    RoundEvent e;
    e.stage = std::move(stage);
    e.round = round;
    e.done = done;
    e.total = total;
    e.value = value;
    e.data = std::move(data);
    e.message = std::move(message);
    return e;
}

struct Context
{
    const RoundSpec &spec;
    fs::path dir;
    const RoundEventSink &sink;
    const std::atomic<bool> *cancel;
    std::vector<Json> metrics;

    bool cancelled() const { return cancel && cancel->load(); }
    void write(const fs::path &relative, const std::string &text) const
    {
        writeFileAtomically((dir / relative).string(), text);
    }
    void emit(RoundEvent e, bool record = true)
    {
        if (record) {
            Json line{{"stage", e.stage}, {"round", e.round}};
            if (e.total)
                line["done"] = e.done, line["total"] = e.total;
            if (!e.data.empty())
                line["data"] = e.data;
            if (!e.message.empty())
                line["message"] = e.message;
            metrics.push_back(std::move(line));
            std::string text;
            for (const auto &m : metrics)
                text += dumpSafe(m) + "\n";
            write("metrics.jsonl", text);
        }
        if (sink)
            sink(e);
    }
};

struct PolicyEval
{
    eval::Evaluation evaluation;
    model::PredictStats stats;
    Json toJson() const
    {
        Json j = evaluation.toJson();
        j["answer_budget"] = stats.budget;
        j["cut_by_budget"] = stats.cutByBudget;
        return j;
    }
};

// Greedy answers of the policy for the evaluation records, judged; nullopt when cancelled.
std::optional<PolicyEval> evaluatePolicy(Context &ctx, model::LlamaForCausalLM &net, const model::BpeTokenizer &tok,
                                         const std::vector<data::Record> &records, int round, const std::string &label)
{
    model::PredictOptions o;
    o.maxNewTokens = ctx.spec.evalMaxNewTokens;
    o.maxTokens = ctx.spec.maxTokens;
    PolicyEval out;
    const auto rows = model::predictRecords(
        net, tok, records, o, &out.stats,
        [&](std::size_t done, std::size_t total) {
            ctx.emit(ev("eval", round, std::int64_t(done), std::int64_t(total), 0, Json::object(), label), false);
        },
        ctx.cancel);
    if (out.stats.cancelled)
        return std::nullopt;
    std::vector<std::string> answers;
    for (const auto &r : rows)
        answers.push_back(r.result);
    out.evaluation = eval::evaluateAnswers(records, answers);
    out.evaluation.seconds = out.stats.seconds;
    return out;
}

// The start policy's evaluation, read back from answers/round-0.jsonl (so that a resumed run
// still compares with it); nullopt when it is missing or unreadable.
std::optional<eval::Evaluation> startEvaluation(const fs::path &dir, const std::vector<data::Record> &records)
{
    const fs::path path = dir / "answers" / "round-0.jsonl";
    if (!fs::exists(path))
        return std::nullopt;
    try {
        return eval::evaluateAnswers(records, eval::readAnswersFor(records, path.string()));
    } catch (const UserError &) {
        return std::nullopt; // answers of other records (the eval files changed): no comparison
    }
}

// fixed_calls.jsonl: what the start policy got wrong and the latest policy gets right.
std::string fixedCallLines(const std::vector<data::Record> &records, const eval::AnswerComparison &c,
                           const eval::Evaluation &before, const eval::Evaluation &after)
{
    std::string out;
    for (const auto i : c.fixed)
        out += dumpSafe(Json{{"id", records[i].id},
                             {"gold", model::renderAnswer(records[i])},
                             {"before", before.answers[i]},
                             {"after", after.answers[i]}}) +
               "\n";
    return out;
}

train::PreferenceLossOptions lossOptions(const RoundSpec &s)
{
    train::PreferenceLossOptions o;
    o.kind = *train::preferenceLossFromString(s.loss);
    o.beta = s.beta;
    o.gamma = s.gamma;
    o.orpoLambda = s.orpoLambda;
    o.lengthNormalised = s.lengthNormalised;
    return o;
}

int preferenceWorkers(const RoundSpec &s)
{
    return s.workers > 0 ? s.workers : model::trainingThreads(false).workers;
}

void saveCheckpoint(model::LlamaForCausalLM &net, const std::string &tokenizerPath, const fs::path &dest)
{
    const fs::path tmp = dest.string() + ".tmp";
    fs::remove_all(tmp);
    model::saveModel(net, tmp.string());
    fs::copy_file(tokenizerPath, tmp / "tokenizer.json", fs::copy_options::overwrite_existing);
    fs::remove_all(dest);
    fs::rename(tmp, dest);
}

// Warm-up steps recorded in the run's metrics.jsonl: all of them up to this many, else about
// this many evenly spaced (the file is rewritten whole per line; every step is in
// warmup/metrics.jsonl anyway).
constexpr std::int64_t kWarmupStepLines = 250;

bool recordSftEvent(const RoundEvent &e)
{
    if (e.data.value("event", std::string()) != "step")
        return true;
    const std::int64_t every = std::max<std::int64_t>(1, e.total / kWarmupStepLines);
    return e.done % every == 0 || e.done == e.total;
}

// The search, pair and preference stages of an iTool round: trains `net` in place and fills
// the summary. Returns false when cancelled.
bool runItoolRound(Context &ctx, RoundSummary &sum, model::LlamaForCausalLM &net, const model::BpeTokenizer &tokenizer,
                   const std::vector<data::Record> &train, const std::vector<search::TokenIds> &prompts,
                   const std::map<std::string, search::TokenIds> &promptById, store::PreferenceStore &pairStore,
                   const std::string &runName, RunReport &report)
{
    const auto &spec = ctx.spec;
    const int round = sum.round;
    const std::uint64_t roundSeed = spec.seed * 1000003ULL + std::uint64_t(round);
    const fs::path roundDir = fs::path("trees") / roundFolder(round);

    // 1. Selection
    const auto selectStart = Clock::now();
    const auto selection = selectRoundRecords(net, tokenizer, train, prompts, spec, roundSeed);
    sum.selectSeconds = since(selectStart);
    sum.scored = int(selection.candidates);
    sum.selected = int(selection.selected.size());
    sum.compute.selection = selection.computeTokens;
    {
        Json ids = Json::array();
        for (auto i : selection.selected)
            ids.push_back(Json{{"id", train[i].id}, {"score", selection.scores[i]}});
        ctx.write(roundDir / "selected.json", dumpSafe(ids) + "\n");
    }
    ctx.emit(ev("select", round, sum.selected, sum.scored, 0,
                Json{{"mode", spec.selectionMode},
                     {"selected", sum.selected},
                     {"scored", sum.scored},
                     {"seconds", sum.selectSeconds}}));
    if (ctx.cancelled())
        return false;

    // 2-3. Search and pairs
    RoundSearchCallbacks callbacks;
    callbacks.onTree = [&](const data::Record &rec, const search::SearchTree &tree, const Json &meta) {
        ctx.write(roundDir / (safeName(rec.id) + ".json"), dumpSafe(tree.toJson(meta)) + "\n");
    };
    callbacks.onProgress = [&](std::size_t done, std::size_t total, std::int64_t rollouts, std::size_t pairs) {
        ctx.emit(ev("search", round, std::int64_t(done), std::int64_t(total), 0,
                    Json{{"rollouts", rollouts}, {"pairs_so_far", pairs}}),
                 false);
    };
    auto searched = searchRoundRecords(net, tokenizer, train, prompts, selection.selected, spec, round, callbacks,
                                       ctx.cancel);
    sum.searchSeconds = searched.seconds;
    sum.rollouts = searched.rollouts;
    sum.truncated = searched.truncated;
    sum.trees = int(searched.trees.size());
    sum.compute.search = searched.promptTokens + searched.decodedTokens;
    if (searched.cancelled || ctx.cancelled())
        return false;
    auto &pairs = searched.pairs;
    sum.pairCandidates = searched.counts.candidates;
    sum.pairsFound = int(pairs.size());
    search::capPairs(pairs, spec.pairs.capPerRound);
    sum.pairsKept = int(pairs.size());
    {
        std::string text;
        for (const auto &p : pairs)
            text += dumpSafe(search::pairToJson(p)) + "\n";
        ctx.write(roundDir / "pairs.jsonl", text);
        std::string all;
        for (int r = 1; r <= round; ++r) {
            std::ifstream in(ctx.dir / "trees" / roundFolder(r) / "pairs.jsonl", std::ios::binary);
            all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        ctx.write("pairs.jsonl", all);
        pairStore.addPairs(runName, pairs);
    }
    const auto &counts = searched.counts;
    ctx.emit(ev("pairs", round, sum.pairsKept, sum.pairCandidates, 0,
                Json{{"candidates", counts.candidates},
                     {"low_gap", counts.lowGap},
                     {"low_chosen", counts.lowChosen},
                     {"chosen_never_right", counts.chosenNeverRight},
                     {"high_overlap", counts.highOverlap},
                     {"found", sum.pairsFound},
                     {"kept", sum.pairsKept},
                     {"search_seconds", sum.searchSeconds},
                     {"rollouts", sum.rollouts},
                     {"truncated", sum.truncated}}));
    if (ctx.cancelled())
        return false;

    // 4. Preference training, on the round's pairs as stored (reviews apply): the search's
    // and those a person made from this run's trees (PairCurationStore::addPersonPair).
    std::vector<store::StoredPair> stored;
    for (const std::string &run : {runName, runName + "/person"}) {
        store::PairQuery q;
        q.run = run;
        q.round = round;
        q.approvedOnly = spec.approvedOnly;
        auto some = pairStore.pairs(q);
        stored.insert(stored.end(), std::make_move_iterator(some.begin()), std::make_move_iterator(some.end()));
    }
    auto data = preferenceExamples(stored, promptById, searched.trees, tokenizer);
    report.trainedPairIds.insert(report.trainedPairIds.end(), data.pairIds.begin(), data.pairIds.end());
    ctx.write(roundDir / "trained.json", dumpSafe(data.trained) + "\n");
    sum.pairsTrained = int(data.examples.size());
    sum.pairsEncoded = data.encoded;
    const auto trainStart = Clock::now();
    train::PreferenceTrainOptions to;
    to.loss = lossOptions(spec);
    to.lr = spec.lr;
    to.minLrRatio = spec.minLrRatio;
    to.warmupRatio = spec.warmupRatio;
    to.epochs = spec.epochs;
    to.steps = spec.steps;
    to.batchPairs = spec.batchPairs;
    to.clipNorm = spec.clipNorm;
    to.chosenNllWeight = spec.chosenNll;
    to.workers = std::size_t(preferenceWorkers(spec));
    to.seed = roundSeed;
    to.maxTokens = spec.maxTokens;
    if (train::preferenceSteps(data.examples.size(), to) > 0) {
        train::PreferenceCallbacks cb;
        cb.onStep = [&](const train::PreferenceStep &st) {
            ctx.emit(ev("train", round, st.step, st.totalSteps, st.loss,
                        Json{{"loss", st.loss},
                             {"margin", st.margin},
                             {"accuracy", st.accuracy},
                             {"grad_norm", st.gradNorm},
                             {"lr", st.lr},
                             {"epoch", st.epoch}}));
        };
        cb.onEpoch = [&](const train::PreferenceEpoch &e) {
            const Json j{{"epoch", e.epoch},
                         {"pairs", e.pairs},
                         {"loss", e.loss},
                         {"margin", e.margin},
                         {"accuracy", e.accuracy},
                         {"chosen_nll", e.chosenNll}};
            sum.epochs.push_back(j);
            ctx.emit(ev("train_epoch", round, e.epoch + 1, 0, e.loss, j));
        };
        const auto result = train::trainPreferences(net, data.examples, to, cb, ctx.cancel);
        if (result.cancelled)
            return false;
        sum.trainSteps = std::int64_t(result.steps.size());
        sum.lossFirstEpoch = result.firstEpochLoss;
        sum.lossLastEpoch = result.lastEpochLoss;
        sum.margin = result.lastEpochMargin;
        sum.pairAccuracy = result.lastEpochAccuracy;
        sum.compute.training = 3 * result.tokens;
    } else {
        ctx.emit(ev("log", round, 0, 0, 0, Json::object(),
                    data.examples.empty()
                        ? "no pairs to train on this round (approved_only and nothing approved, or no pair kept)"
                        : "preference training has no steps (epochs and steps are 0)"));
    }
    net->eval();
    sum.trainSeconds = since(trainStart);
    return !ctx.cancelled();
}

} // namespace

Json RoundCompute::toJson() const
{
    return Json{{"selection", selection}, {"search", search}, {"training", training}, {"total", total()}};
}

Json WarmupOutcome::toJson() const
{
    return Json{{"ran", ran},
                {"skipped", skipped},
                {"cancelled", cancelled},
                {"resumed_sft", resumedSft},
                {"start_step", startStep},
                {"steps", steps},
                {"total_steps", totalSteps},
                {"first_loss", firstLoss},
                {"last_loss", lastLoss},
                {"model", modelDir}};
}

Json RoundSummary::toJson() const
{
    return Json{{"round", round},
                {"method", method},
                {"scored", scored},
                {"selected", selected},
                {"trees", trees},
                {"rollouts", rollouts},
                {"truncated", truncated},
                {"pair_candidates", pairCandidates},
                {"pairs_found", pairsFound},
                {"pairs_kept", pairsKept},
                {"pairs_trained", pairsTrained},
                {"pairs_encoded", pairsEncoded},
                {"train_steps", trainSteps},
                {"select_seconds", selectSeconds},
                {"search_seconds", searchSeconds},
                {"train_seconds", trainSeconds},
                {"loss_first_epoch", lossFirstEpoch},
                {"loss_last_epoch", lossLastEpoch},
                {"reward_margin", margin},
                {"pair_accuracy", pairAccuracy},
                {"epochs", epochs},
                {"compute", compute.toJson()},
                {"eval_before", evalBefore},
                {"eval_after", evalAfter},
                {"versus_start", versusStart}};
}

RunReport runRounds(const RoundSpec &givenSpec, bool resume, const RoundEventSink &events,
                    const std::atomic<bool> *cancel)
{
    // With a warm-up, the rounds start from the model the warm-up trains (or trained).
    RoundSpec spec = givenSpec;
    if (spec.hasWarmup()) {
        loadWarmupSpec(spec);
        spec.startModel = warmupModelDir(spec.runDir);
    }
    model::applyThreadSettings(spec.threads);
    RunReport report;
    report.runDir = spec.runDir;
    Context ctx{spec, fs::path(spec.runDir), events, cancel, {}};
    const fs::path dir = ctx.dir;
    const fs::path statePath = dir / "state.json";

    int completed = 0;
    bool warmupDone = false;
    Json evalJson{{"rounds", Json::array()}};
    Json roundsJson = Json::array();
    auto writeState = [&]() {
        Json state{{"completed_rounds", completed}, {"rounds", roundsJson}};
        if (spec.hasWarmup())
            state["warmup"] = warmupDone ? "done" : "pending";
        ctx.write("state.json", dumpSafe(state, 2) + "\n");
    };
    if (resume) {
        const auto state = tryReadJsonFile(statePath.string());
        if (!state)
            throw UserError(statePath.string() + ": nothing to resume (no readable state.json)");
        completed = state->value("completed_rounds", 0);
        warmupDone = state->value("warmup", std::string()) == "done";
        report.resumedAfterRound = completed;
        if (auto e = tryReadJsonFile((dir / "eval.json").string()))
            evalJson = *e;
        if (auto r = state->find("rounds"); r != state->end())
            roundsJson = *r;
        std::ifstream in(dir / "metrics.jsonl");
        std::string line;
        while (std::getline(in, line))
            if (auto j = Json::parse(line, nullptr, false); !j.is_discarded())
                ctx.metrics.push_back(j);
    } else {
        if (fs::exists(statePath))
            throw UserError(dir.string() + " already holds a run; use --resume or another run_dir");
        fs::create_directories(dir);
        ctx.write("spec.json", dumpSafe(roundSpecToJson(spec), 2) + "\n");
        writeState();
    }

    // The warm-up: trained (or continued from its checkpoint) until it has finished once,
    // then never again.
    if (spec.hasWarmup()) {
        if (warmupDone) {
            report.warmup.skipped = true;
            report.warmup.modelDir = spec.startModel;
            ctx.emit(ev("warmup", 0, 0, 0, 0, Json{{"event", "skipped"}, {"model", spec.startModel}},
                        "warm-up already done: " + spec.startModel));
        } else {
            report.warmup = runWarmup(
                spec, resume, [&](const RoundEvent &e) { ctx.emit(e, recordSftEvent(e)); }, cancel);
            if (report.warmup.cancelled) {
                report.cancelled = true;
                ctx.emit(ev("cancelled", 0, 0, 0, 0, Json::object(), "during the warm-up"));
                return report;
            }
            warmupDone = true;
            writeState();
        }
        model::applyThreadSettings(spec.threads); // the SFT job applied its own
    }

    const std::string tokenizerPath =
        spec.tokenizerPath.empty() ? (fs::path(spec.startModel) / "tokenizer.json").string() : spec.tokenizerPath;
    const auto tokenizer = model::BpeTokenizer::load(tokenizerPath);
    const auto train = [&] {
        auto records = readRecordFiles(spec.trainFiles);
        SyntheticDataSpec generated;
        generated.count = spec.trainSyntheticCount;
        generated.seed = spec.trainSyntheticSeed;
        generated.excludeFiles = spec.trainSyntheticExclude;
        appendSyntheticRecords(records, generated);
        return records;
    }();
    auto evalRecords = readRecordFiles(spec.evalFiles);
    if (spec.evalMaxRecords > 0 && int(evalRecords.size()) > spec.evalMaxRecords)
        evalRecords.resize(std::size_t(spec.evalMaxRecords));
    // Token budgets that follow the data: no gold-length answer is cut (docs/rounds.md).
    if (spec.search.answerBudget == 0)
        spec.search.answerBudget = model::answerTokenBudget(train, tokenizer);
    if (spec.evalMaxNewTokens == 0 && !evalRecords.empty())
        spec.evalMaxNewTokens = model::answerTokenBudget(evalRecords, tokenizer);
    std::vector<const data::Record *> trainPtrs;
    for (const auto &r : train)
        trainPtrs.push_back(&r);
    const auto prompts = search::answerPrompts(trainPtrs, tokenizer, spec.maxTokens, spec.search.answerBudget);
    std::map<std::string, search::TokenIds> promptById;
    for (std::size_t i = 0; i < train.size(); ++i)
        promptById.emplace(train[i].id, prompts[i]);
    const std::string dbPath = spec.workspaceDb.empty() ? (dir / "workspace.db").string() : spec.workspaceDb;
    store::PreferenceStore pairStore(dbPath);
    const std::string runName = fs::path(spec.runDir).filename().string();

    ctx.emit(ev("start", completed + 1, completed, spec.rounds, 0,
                Json{{"train_records", train.size()},
                     {"eval_records", evalRecords.size()},
                     {"method", spec.method},
                     {"search_answer_budget", spec.search.answerBudget},
                     {"eval_answer_budget", spec.evalMaxNewTokens}}));

    // Round 0's evaluation: the starting policy.
    std::string policyDir = completed == 0 ? spec.startModel : (dir / "checkpoints" / roundFolder(completed)).string();
    auto net = model::loadModel(policyDir);
    net->eval();
    Json lastEval;
    if (!evalJson["rounds"].empty())
        lastEval = evalJson["rounds"].back()["eval"];
    std::optional<eval::Evaluation> startEval;
    if (lastEval.is_null() && !evalRecords.empty()) {
        const auto e = evaluatePolicy(ctx, net, tokenizer, evalRecords, 0, "start policy");
        if (!e) {
            report.cancelled = true;
            ctx.emit(ev("cancelled", 0));
            return report;
        }
        lastEval = e->toJson();
        ctx.write(fs::path("answers") / "round-0.jsonl", e->evaluation.answerLines());
        evalJson["rounds"].push_back(Json{{"round", 0}, {"model", policyDir}, {"eval", lastEval}});
        ctx.write("eval.json", dumpSafe(evalJson, 2) + "\n");
        ctx.emit(ev("eval", 0, 0, 0, e->evaluation.metrics.overall.accuracy(), lastEval, "start policy"));
        startEval = e->evaluation;
    } else if (!evalRecords.empty()) {
        startEval = startEvaluation(dir, evalRecords);
    }

    for (int round = completed + 1; round <= spec.rounds; ++round) {
        RoundSummary sum;
        sum.round = round;
        sum.method = spec.method;
        sum.evalBefore = lastEval;

        if (spec.method == "continued_sft") {
            const double budget = continuedSftBudget(spec, round);
            SftEventForwarder forward([&](const RoundEvent &e) { ctx.emit(e, recordSftEvent(e)); }, cancel, "sft",
                                      round);
            const auto sft = runContinuedSftRound(policyDir, tokenizer, train, spec, round, budget, &forward,
                                                  forward.token());
            if (sft.cancelled || ctx.cancelled())
                break;
            sum.trainSteps = sft.steps;
            sum.trainSeconds = sft.seconds;
            sum.lossFirstEpoch = sft.firstLoss;
            sum.lossLastEpoch = sft.lastLoss;
            sum.compute.training = sft.computeTokens;
            net = model::loadModel(sft.modelDir);
            net->eval();
            ctx.emit(ev("sft", round, sft.steps, sft.steps, sft.lastLoss,
                        Json{{"event", "round_done"}, {"budget", budget}, {"compute", sft.computeTokens}}));
        } else if (!runItoolRound(ctx, sum, net, tokenizer, train, prompts, promptById, pairStore, runName, report)) {
            break;
        }

        // 5. Checkpoint, then evaluation
        const fs::path ckpt = dir / "checkpoints" / roundFolder(round);
        saveCheckpoint(net, tokenizerPath, ckpt);
        policyDir = ckpt.string();
        ctx.emit(ev("checkpoint", round, 0, 0, 0, Json{{"path", ckpt.string()}}));
        if (!evalRecords.empty()) {
            const auto e = evaluatePolicy(ctx, net, tokenizer, evalRecords, round,
                                          "after round " + std::to_string(round));
            if (!e || ctx.cancelled())
                break;
            lastEval = e->toJson();
            ctx.write(fs::path("answers") / ("round-" + std::to_string(round) + ".jsonl"), e->evaluation.answerLines());
            Json versus; // with the ids that flipped; the round's summary keeps the counts only
            if (startEval) {
                const auto c = eval::compareEvaluations(evalRecords, *startEval, e->evaluation);
                versus = c.toJson(evalRecords);
                sum.versusStart = versus;
                sum.versusStart.erase("fixed");
                sum.versusStart.erase("broken");
                ctx.write("fixed_calls.jsonl", fixedCallLines(evalRecords, c, *startEval, e->evaluation));
            }
            evalJson["rounds"].push_back(
                Json{{"round", round}, {"model", ckpt.string()}, {"eval", lastEval}, {"versus_start", versus}});
            ctx.write("eval.json", dumpSafe(evalJson, 2) + "\n");
            ctx.emit(ev("eval", round, 0, 0, e->evaluation.metrics.overall.accuracy(), lastEval));
        }
        sum.evalAfter = lastEval;
        roundsJson.push_back(sum.toJson());
        completed = round;
        writeState();
        ctx.emit(ev("round", round, round, spec.rounds, 0, sum.toJson()));
        report.rounds.push_back(std::move(sum));
        report.finalModel = ckpt.string();
    }
    if (ctx.cancelled()) {
        report.cancelled = true;
        ctx.emit(ev("cancelled", completed + 1));
    } else {
        ctx.emit(ev("done", spec.rounds));
    }
    return report;
}

} // namespace itool::pipeline
