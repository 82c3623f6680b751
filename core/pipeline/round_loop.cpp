// The iTool rounds; see round_loop.h and docs/rounds.md.
#include "core/pipeline/round_loop.h"

#include "core/common/user_error.h"
#include "core/data/native_format.h"
#include "core/model/chat_template.h"
#include "core/model/decoder.h"
#include "core/model/model_io.h"
#include "core/pipeline/round_eval.h"
#include "core/pipeline/run_warmup.h"
#include "core/search/checker_reward.h"
#include "core/search/decoder_policy.h"
#include "core/search/deficiency_scorer.h"
#include "core/search/deficiency_selector.h"
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

void writeAtomic(const fs::path &path, const std::string &text)
{
    fs::create_directories(path.parent_path());
    const fs::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw UserError("cannot write " + tmp.string());
        out << text;
        out.flush();
        if (!out)
            throw UserError("cannot write " + tmp.string());
    }
    fs::rename(tmp, path);
}

std::optional<Json> readJson(const fs::path &path)
{
    std::ifstream in(path);
    if (!in)
        return std::nullopt;
    Json j = Json::parse(in, nullptr, false);
    if (j.is_discarded())
        return std::nullopt;
    return j;
}

std::vector<data::Record> readRecords(const std::vector<std::string> &files)
{
    std::vector<data::Record> out;
    for (const auto &f : files) {
        std::ifstream in(f);
        if (!in)
            throw UserError("cannot read records file " + f);
        std::string line;
        std::int64_t n = 0;
        while (std::getline(in, line)) {
            ++n;
            if (line.find_first_not_of(" \t\r") == std::string::npos)
                continue;
            try {
                out.push_back(data::recordFromJson(Json::parse(line)));
            } catch (const std::exception &e) {
                throw UserError(f + ":" + std::to_string(n) + ": " + e.what());
            }
        }
    }
    return out;
}

// Record ids as file names: anything but [A-Za-z0-9._-] becomes '_'.
std::string safeName(const std::string &id)
{
    std::string s = id;
    for (char &c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
            c = '_';
    return s.empty() ? "record" : s;
}

std::string decodeText(const model::BpeTokenizer &tok, const std::vector<std::int64_t> &ids, std::int64_t endId)
{
    std::string out;
    for (auto id : ids)
        if (id != endId)
            out += tok.tokenBytes(std::int32_t(id));
    return out;
}

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
            writeAtomic(dir / "metrics.jsonl", text);
        }
        if (sink)
            sink(e);
    }
};

RoundEval evaluate(Context &ctx, model::LlamaForCausalLM &net, const model::BpeTokenizer &tok,
                   const std::vector<data::Record> &records, int round, const std::string &label)
{
    const auto start = Clock::now();
    torch::NoGradGuard guard;
    const auto endId = tok.requireSpecial(model::kEnd);
    std::vector<std::string> outputs;
    const std::size_t batch = 16;
    for (std::size_t b = 0; b < records.size(); b += batch) {
        if (ctx.cancelled())
            break;
        std::vector<std::vector<std::int64_t>> prompts;
        for (std::size_t i = b; i < std::min(records.size(), b + batch); ++i) {
            const auto p = model::tokenizePrompt(records[i], tok, std::size_t(ctx.spec.maxTokens),
                                                 std::size_t(ctx.spec.maxNewTokens));
            prompts.emplace_back(p.ids.begin(), p.ids.end());
        }
        model::SamplingOptions so;
        so.temperature = 0.0;
        so.maxNewTokens = ctx.spec.maxNewTokens;
        so.stopTokens = {endId};
        for (const auto &g : model::generate(net, prompts, so))
            outputs.push_back(decodeText(tok, g.tokens, endId));
        ctx.emit(ev("eval", round, std::int64_t(outputs.size()), std::int64_t(records.size()), 0, Json::object(), label),
                 false);
    }
    std::vector<data::Record> judged(records.begin(), records.begin() + std::ptrdiff_t(outputs.size()));
    auto result = tallyOutputs(judged, outputs);
    result.seconds = since(start);
    return result;
}

// answers/round-R.jsonl: the evaluation's answers as checker predictions, for `itool check`
// and for the calls a round fixed.
void writeAnswers(const fs::path &dir, int round, const std::vector<data::Record> &records, const RoundEval &e)
{
    fs::create_directories(dir / "answers");
    writeAtomic(dir / "answers" / ("round-" + std::to_string(round) + ".jsonl"), predictionLines(records, e));
}

// fixed_calls.jsonl: what the start policy (round 0) got wrong and the latest policy gets right,
// read back from answers/round-0.jsonl so that it also works after a resume. The report shows it.
void writeFixedCalls(const fs::path &dir, const std::vector<data::Record> &records, const RoundEval &latest)
{
    std::ifstream in(dir / "answers" / "round-0.jsonl");
    if (!in)
        return;
    std::map<std::string, std::string> before;
    std::map<std::string, bool> beforeCorrect;
    std::string line;
    while (std::getline(in, line)) {
        try {
            const Json j = Json::parse(line);
            before[j.at("id").get<std::string>()] = j.at("result").get<std::string>();
            beforeCorrect[j.at("id").get<std::string>()] = j.value("correct", false);
        } catch (const Json::exception &) {
            // a damaged line: that record is left out of the comparison
        }
    }
    writeAtomic(dir / "fixed_calls.jsonl", fixedCallLines(records, before, beforeCorrect, latest));
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

bool recordWarmupEvent(const RoundEvent &e)
{
    if (e.data.value("event", std::string()) != "step")
        return true;
    const std::int64_t every = std::max<std::int64_t>(1, e.total / kWarmupStepLines);
    return e.done % every == 0 || e.done == e.total;
}

} // namespace

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
                {"scored", scored},
                {"selected", selected},
                {"trees", trees},
                {"rollouts", rollouts},
                {"pair_candidates", pairCandidates},
                {"pairs_found", pairsFound},
                {"pairs_kept", pairsKept},
                {"pairs_trained", pairsTrained},
                {"search_seconds", searchSeconds},
                {"train_seconds", trainSeconds},
                {"loss_first_epoch", lossFirstEpoch},
                {"loss_last_epoch", lossLastEpoch},
                {"reward_margin", margin},
                {"pair_accuracy", pairAccuracy},
                {"eval_before", evalBefore},
                {"eval_after", evalAfter}};
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
        writeAtomic(statePath, dumpSafe(state, 2) + "\n");
    };
    if (resume) {
        const auto state = readJson(statePath);
        if (!state)
            throw UserError(statePath.string() + ": nothing to resume (no readable state.json)");
        completed = state->value("completed_rounds", 0);
        warmupDone = state->value("warmup", std::string()) == "done";
        report.resumedAfterRound = completed;
        if (auto e = readJson(dir / "eval.json"))
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
        writeAtomic(dir / "spec.json", dumpSafe(roundSpecToJson(spec), 2) + "\n");
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
                spec, resume, [&](const RoundEvent &e) { ctx.emit(e, recordWarmupEvent(e)); }, cancel);
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
    const auto endId = tokenizer.requireSpecial(model::kEnd);
    const auto train = readRecords(spec.trainFiles);
    auto evalRecords = readRecords(spec.evalFiles);
    if (spec.evalMaxRecords > 0 && int(evalRecords.size()) > spec.evalMaxRecords)
        evalRecords.resize(std::size_t(spec.evalMaxRecords));
    std::map<std::string, std::size_t> byId;
    for (std::size_t i = 0; i < train.size(); ++i)
        byId.emplace(train[i].id, i);
    const std::string dbPath = spec.workspaceDb.empty() ? (dir / "workspace.db").string() : spec.workspaceDb;
    store::PreferenceStore pairStore(dbPath);
    const std::string runName = fs::path(spec.runDir).filename().string();

    ctx.emit(ev("start", completed + 1, completed, spec.rounds, 0, Json{{"train_records", train.size()},
                                                                      {"eval_records", evalRecords.size()}}));

    // Round 0's evaluation: the starting policy.
    std::string policyDir = completed == 0 ? spec.startModel : (dir / "checkpoints" / ("round-" + std::to_string(completed))).string();
    auto net = model::loadModel(policyDir);
    net->eval();
    Json lastEval;
    if (!evalJson["rounds"].empty())
        lastEval = evalJson["rounds"].back()["eval"];
    if (lastEval.is_null() && !evalRecords.empty()) {
        const auto e = evaluate(ctx, net, tokenizer, evalRecords, 0, "start policy");
        if (ctx.cancelled()) {
            report.cancelled = true;
            ctx.emit(ev("cancelled", 0));
            return report;
        }
        lastEval = e.toJson();
        writeAnswers(dir, 0, evalRecords, e);
        evalJson["rounds"].push_back(Json{{"round", 0}, {"model", policyDir}, {"eval", lastEval}});
        writeAtomic(dir / "eval.json", dumpSafe(evalJson, 2) + "\n");
        ctx.emit(ev("eval", 0, 0, 0, e.all.accuracy(), lastEval, "start policy"));
    }

    for (int round = completed + 1; round <= spec.rounds; ++round) {
        RoundSummary sum;
        sum.round = round;
        sum.evalBefore = lastEval;
        const std::uint64_t roundSeed = spec.seed * 1000003ULL + std::uint64_t(round);

        // 1. Selection
        std::vector<const data::Record *> ptrs;
        for (const auto &r : train)
            ptrs.push_back(&r);
        std::vector<double> scores;
        {
            torch::NoGradGuard guard;
            scores = spec.selectionMode == "perplexity"
                         ? search::responsePerplexities(net, tokenizer, ptrs, std::size_t(spec.maxTokens))
                         : search::failureRates(net, tokenizer, ptrs, spec.selectionSamples, 1.0, spec.maxNewTokens,
                                                roundSeed);
        }
        std::vector<search::DeficiencyScore> ds;
        for (std::size_t i = 0; i < train.size(); ++i)
            ds.push_back({i, !train[i].gold.empty(), scores[i]});
        auto selected = spec.selectionMode == "perplexity" ? search::selectTopFraction(ds, spec.selectionFraction)
                                                           : search::selectFailures(ds, spec.selectionFraction);
        if (spec.selectionMaxRecords > 0 && int(selected.size()) > spec.selectionMaxRecords) {
            std::stable_sort(selected.begin(), selected.end(),
                             [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
            selected.resize(std::size_t(spec.selectionMaxRecords));
            std::sort(selected.begin(), selected.end());
        }
        sum.scored = int(train.size());
        sum.selected = int(selected.size());
        {
            Json ids = Json::array();
            for (auto i : selected)
                ids.push_back(Json{{"id", train[i].id}, {"score", scores[i]}});
            writeAtomic(dir / "trees" / ("round-" + std::to_string(round)) / "selected.json", dumpSafe(ids) + "\n");
        }
        ctx.emit(ev("select", round, sum.selected, sum.scored, 0,
                  Json{{"mode", spec.selectionMode}, {"selected", sum.selected}, {"scored", sum.scored}}));
        if (ctx.cancelled())
            break;

        // 2-3. Search and pairs
        const auto searchStart = Clock::now();
        std::vector<search::PreferencePair> pairs;
        std::map<std::string, search::SearchTree> trees;
        search::PairCounts counts;
        for (std::size_t b = 0; b < selected.size() && !ctx.cancelled(); b += std::size_t(spec.batchRecords)) {
            std::vector<const data::Record *> batch;
            std::vector<search::SearchProblem> problems;
            for (std::size_t i = b; i < std::min(selected.size(), b + std::size_t(spec.batchRecords)); ++i) {
                batch.push_back(&train[selected[i]]);
                problems.push_back({train[selected[i]].id});
            }
            search::DecoderPolicyOptions po;
            po.temperature = spec.temperature;
            po.topP = spec.topP;
            po.maxNewTokens = spec.maxNewTokens;
            po.maxPromptTokens = std::size_t(std::max<std::int64_t>(16, spec.maxTokens - spec.maxNewTokens));
            search::DecoderPolicy policy(net, tokenizer, batch, po);
            std::vector<search::SearchTree> found;
            auto options = spec.search;
            options.seed = spec.search.seed + std::uint64_t(round) * 7919ULL;
            torch::NoGradGuard guard;
            const auto stats = search::runMcts(problems, policy, search::makeCheckerReward(batch), options, found, cancel);
            sum.rollouts += stats.rollouts;
            for (std::size_t k = 0; k < found.size(); ++k) {
                const auto &rec = *batch[k];
                const Json meta{{"record", rec.id}, {"round", round}, {"search", options.toJson()}};
                writeAtomic(dir / "trees" / ("round-" + std::to_string(round)) / (safeName(rec.id) + ".json"),
                            dumpSafe(found[k].toJson(meta)) + "\n");
                auto p = search::extractPairs(found[k], rec.id, round, model::renderChat(rec).prompt, spec.pairs,
                                              &counts);
                pairs.insert(pairs.end(), p.begin(), p.end());
                trees.emplace(rec.id, std::move(found[k]));
                ++sum.trees;
            }
            ctx.emit(ev("search", round, std::int64_t(std::min(selected.size(), b + std::size_t(spec.batchRecords))),
                      std::int64_t(selected.size()), 0,
                      Json{{"rollouts", sum.rollouts}, {"pairs_so_far", pairs.size()}}),
                     false);
        }
        sum.searchSeconds = since(searchStart);
        if (ctx.cancelled())
            break;
        sum.pairCandidates = counts.candidates;
        sum.pairsFound = int(pairs.size());
        search::capPairs(pairs, spec.pairs.capPerRound);
        sum.pairsKept = int(pairs.size());
        {
            std::string text;
            for (const auto &p : pairs)
                text += dumpSafe(search::pairToJson(p)) + "\n";
            writeAtomic(dir / "trees" / ("round-" + std::to_string(round)) / "pairs.jsonl", text);
            std::string all;
            for (int r = 1; r <= round; ++r) {
                std::ifstream in(dir / "trees" / ("round-" + std::to_string(r)) / "pairs.jsonl", std::ios::binary);
                all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            }
            writeAtomic(dir / "pairs.jsonl", all);
            pairStore.addPairs(runName, pairs);
        }
        ctx.emit(ev("pairs", round, sum.pairsKept, sum.pairCandidates, 0,
                  Json{{"candidates", counts.candidates},
                       {"low_gap", counts.lowGap},
                       {"low_chosen", counts.lowChosen},
                       {"high_overlap", counts.highOverlap},
                       {"found", sum.pairsFound},
                       {"kept", sum.pairsKept},
                       {"search_seconds", sum.searchSeconds},
                       {"rollouts", sum.rollouts}}));

        // 4. Preference training, on the round's pairs as stored (reviews apply).
        // The search's pairs and those a person made from this run's trees (stored under
        // "<run>/person", see PairCurationStore::addPersonPair).
        std::vector<store::StoredPair> stored;
        for (const std::string &run : {runName, runName + "/person"}) {
            store::PairQuery q;
            q.run = run;
            q.round = round;
            q.approvedOnly = spec.approvedOnly;
            auto some = pairStore.pairs(q);
            stored.insert(stored.end(), std::make_move_iterator(some.begin()), std::make_move_iterator(some.end()));
        }
        std::vector<train::PreferenceExample> examples;
        Json trainedJson = Json::array();
        for (const auto &sp : stored) {
            if (sp.pair.status == "rejected")
                continue;
            const auto it = byId.find(sp.pair.recordId);
            if (it == byId.end())
                continue;
            const auto &rec = train[it->second];
            train::PreferenceExample ex;
            const auto prompt = model::tokenizePrompt(rec, tokenizer, std::size_t(spec.maxTokens),
                                                      std::size_t(spec.maxNewTokens));
            ex.prompt.assign(prompt.ids.begin(), prompt.ids.end());
            tokenizer.encodeAppend(sp.pair.prefix, ex.prompt);
            ex.chosen = tokenizer.encode(sp.trainingChosen());
            ex.rejected = tokenizer.encode(sp.trainingRejected());
            // A side that ends the response also learns (or unlearns) the end of turn.
            if (auto t = trees.find(rec.id); t != trees.end()) {
                if (sp.pair.chosenNode < t->second.size() && t->second.node(sp.pair.chosenNode).terminal)
                    ex.chosen.push_back(endId);
                if (sp.pair.rejectedNode < t->second.size() && t->second.node(sp.pair.rejectedNode).terminal)
                    ex.rejected.push_back(endId);
            }
            if (ex.chosen.empty() || ex.rejected.empty())
                continue;
            examples.push_back(std::move(ex));
            report.trainedPairIds.push_back(sp.id);
            trainedJson.push_back(Json{{"id", sp.id}, {"record", sp.pair.recordId}, {"status", sp.pair.status}});
        }
        // Which stored pairs this round trains on (after approved_only and reviews).
        writeAtomic(dir / "trees" / ("round-" + std::to_string(round)) / "trained.json", dumpSafe(trainedJson) + "\n");
        sum.pairsTrained = int(examples.size());
        const auto trainStart = Clock::now();
        if (!examples.empty() && spec.epochs > 0) {
            train::PreferenceTrainOptions to;
            to.loss = lossOptions(spec);
            to.lr = spec.lr;
            to.epochs = spec.epochs;
            to.batchPairs = spec.batchPairs;
            to.clipNorm = spec.clipNorm;
            to.seed = roundSeed;
            to.maxTokens = spec.maxTokens;
            const auto result = train::trainPreferences(
                net, examples, to,
                [&](const train::PreferenceStep &st) {
                    ctx.emit(ev("train", round, st.step, st.totalSteps, st.loss,
                              Json{{"loss", st.loss}, {"margin", st.margin}, {"accuracy", st.accuracy},
                                   {"grad_norm", st.gradNorm}}));
                },
                cancel);
            if (result.cancelled)
                break;
            sum.lossFirstEpoch = result.firstEpochLoss;
            sum.lossLastEpoch = result.lastEpochLoss;
            sum.margin = result.lastEpochMargin;
            sum.pairAccuracy = result.lastEpochAccuracy;
        } else {
            ctx.emit(ev("log", round, 0, 0, 0, Json::object(),
                      examples.empty() ? "no pairs to train on this round (approved_only and nothing approved, or no pair kept)"
                                       : "preference epochs = 0"));
        }
        net->eval();
        sum.trainSeconds = since(trainStart);
        if (ctx.cancelled())
            break;

        // 5. Checkpoint, then evaluation
        const fs::path ckpt = dir / "checkpoints" / ("round-" + std::to_string(round));
        saveCheckpoint(net, tokenizerPath, ckpt);
        ctx.emit(ev("checkpoint", round, 0, 0, 0, Json{{"path", ckpt.string()}}));
        if (!evalRecords.empty()) {
            const auto e = evaluate(ctx, net, tokenizer, evalRecords, round, "after round " + std::to_string(round));
            if (ctx.cancelled())
                break;
            lastEval = e.toJson();
            writeAnswers(dir, round, evalRecords, e);
            writeFixedCalls(dir, evalRecords, e);
            evalJson["rounds"].push_back(Json{{"round", round}, {"model", ckpt.string()}, {"eval", lastEval}});
            writeAtomic(dir / "eval.json", dumpSafe(evalJson, 2) + "\n");
            ctx.emit(ev("eval", round, 0, 0, e.all.accuracy(), lastEval));
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
