// The decay experiment job on the real trainer (see decay_job.h).
#include "core/pipeline/decay_job.h"

#include "core/common/user_error.h"
#include "core/eval/decay_fractions.h"
#include "core/common/atomic_file.h"
#include "core/eval/evaluation.h"
#include "core/model/predictor.h"
#include "core/model/bpe_tokenizer.h"
#include "core/model/chat_template.h"
#include "core/common/json_file.h"
#include "core/pipeline/record_files.h"
#include "core/pipeline/round_loop.h"
#include "core/pipeline/sft_job.h"
#include "core/pipeline/synthetic_training_data.h"
#include "core/train/sft_trainer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

namespace itool::pipeline {

namespace fs = std::filesystem;

namespace {

std::vector<data::Record> sample(std::vector<data::Record> records, std::size_t max,
                                 std::uint64_t seed)
{
    if (max == 0 || records.size() <= max)
        return records;
    auto order = eval::seededPermutation(records.size(), seed);
    order.resize(max);
    std::sort(order.begin(), order.end()); // keep file order among the chosen
    std::vector<data::Record> out;
    for (std::size_t i : order)
        out.push_back(std::move(records[i]));
    return out;
}

class SftDecayBackend : public eval::DecayBackend
{
public:
    SftDecayBackend(const DecaySpec &spec, const std::string &tokenizerPath, EventSink *events)
        : m_spec(spec)
        , m_tokenizerPath(tokenizerPath)
        , m_tokenizer(model::BpeTokenizer::load(tokenizerPath))
        , m_events(events)
    {
    }

    Trained train(const std::vector<data::Record> &records, std::uint64_t seed, std::int64_t steps,
                  const std::string &pointDir, bool resume) override
    {
        // The stages: the spec's curriculum over this subset, or one stage of every record.
        const std::vector<SftStageSpec> stageSpecs
            = m_spec.curriculum ? m_spec.sft.curriculum
                                : std::vector<SftStageSpec>{{"all", {"easy", "medium", "hard", "unset"}, steps}};
        std::vector<const data::Record *> subset;
        for (const auto &r : records)
            subset.push_back(&r);
        const auto stages = curriculumStages(subset, m_tokenizer, m_spec.sft.maxTokens, stageSpecs, "decay: " + pointDir);
        const auto &s = m_spec.sft;
        train::SftOptions o;
        o.model = s.model;
        o.model.vocabSize = m_tokenizer.vocabSize();
        o.model.bosTokenId = m_tokenizer.requireSpecial(model::kBos);
        o.model.eosTokenId = m_tokenizer.requireSpecial(model::kEnd);
        o.lr = s.lr;
        o.minLrRatio = s.minLrRatio;
        o.warmupSteps = std::min(s.warmupSteps, steps / 10);
        o.beta1 = s.beta1;
        o.beta2 = s.beta2;
        o.weightDecay = s.weightDecay;
        o.batchSize = s.batchSize;
        o.gradAccum = s.gradAccum;
        o.clipNorm = s.clipNorm;
        o.checkpointEvery = s.checkpointEvery;
        o.seed = seed; // the same initial weights for every fraction of this seed
        o.runDir = pointDir;
        o.resume = resume && fs::exists(fs::path(pointDir) / train::kCheckpointFile);
        o.padId = o.model.eosTokenId;
        o.threads = s.threads.value_or(model::trainingThreads(o.bf16));
        fs::create_directories(pointDir);
        const auto result = train::runSft(o, stages, m_events, m_cancel);
        Trained t;
        t.steps = result.steps;
        // Forward and backward over every token: 3 per token, as the rounds count it. A
        // resumed point trained only part of its steps in this process, so its compute is
        // estimated from the subset's mean sequence length instead.
        if (!o.resume) {
            t.computeTokens = 3 * result.tokens;
        } else {
            double tokens = 0; // each stage's mean length times its steps' sequences
            for (const auto &stage : stages) {
                double meanLength = 0;
                for (const auto &e : stage.examples)
                    meanLength += double(e.ids.size()) / double(stage.examples.size());
                tokens += meanLength * double(o.batchSize * o.gradAccum * stage.steps);
            }
            t.computeTokens = std::int64_t(3.0 * tokens);
        }
        t.cancelled = result.cancelled || result.halted;
        t.modelDir = result.modelDir;
        if (!t.modelDir.empty())
            m_tokenizer.save((fs::path(t.modelDir) / "tokenizer.json").string());
        return t;
    }

    eval::PointEvaluation evaluate(const std::string &modelDir, const std::vector<data::Record> &test,
                                   const std::string &pointDir) override
    {
        if (!fs::exists(fs::path(modelDir) / "tokenizer.json"))
            throw UserError("decay: " + modelDir + " has no tokenizer.json");
        const auto rows = model::predictRecords(modelDir, test, m_spec.eval);
        std::vector<std::string> answers;
        for (const auto &r : rows)
            answers.push_back(r.result);
        return judge(test, answers, pointDir);
    }

    // The rounds keep their answers on the evaluation records (answers/round-R.jsonl); those
    // records are this experiment's test set, so the round's model is not decoded again.
    eval::PointEvaluation evaluateRound(const eval::RoundModel &model, const std::vector<data::Record> &test,
                                        const std::string &pointDir) override
    {
        if (model.answersPath.empty() || !fs::exists(model.answersPath))
            return evaluate(model.modelDir, test, pointDir);
        return judge(test, eval::readAnswersFor(test, model.answersPath), pointDir);
    }

    // The run spec rounds.spec names, from `startModelDir`: the iTool rounds into dir/itool,
    // then (roundsContinuedSft) the continued-SFT baseline with each round's compute into
    // dir/continued-sft. Each continues what an earlier invocation left.
    std::vector<eval::RoundModel> runRounds(const std::string &startModelDir, std::uint64_t seed,
                                            const std::string &dir) override
    {
        (void)seed; // the start model carries it; the run spec keeps its own search seed
        RoundSpec spec = readRoundSpec(m_spec.rounds.spec);
        spec.warmupPath.clear(); // the full-data model is the warmed-up policy
        spec.warmup = Json();
        spec.startModel = startModelDir;
        spec.tokenizerPath = (fs::path(startModelDir) / "tokenizer.json").string();
        spec.evalFiles = {(fs::path(m_spec.runDir) / "test.jsonl").string()};
        spec.evalMaxRecords = 0;
        spec.evalMaxNewTokens = m_spec.eval.maxNewTokens;
        spec.workspaceDb.clear();
        std::vector<eval::RoundModel> models;
        auto run = [&](RoundSpec s, const std::string &method) {
            s.method = method;
            const bool resume = fs::exists(fs::path(s.runDir) / "state.json");
            // The rounds' milestones as the experiment's log lines (the CLI prints them).
            const auto sink = [&](const RoundEvent &e) {
                std::string text;
                if (e.stage == "select")
                    text = "selected " + std::to_string(e.done) + " of " + std::to_string(e.total) + " records";
                else if (e.stage == "pairs")
                    text = std::to_string(e.done) + " pairs kept of " + std::to_string(e.total) + " candidates";
                else if (e.stage == "round") {
                    const auto after = e.data.value("eval_after", Json::object());
                    text = "done: accuracy " + std::to_string(after.value("accuracy", 0.0)) + ", compute "
                           + std::to_string(e.data.value("compute", Json::object()).value("total", std::int64_t(0)))
                           + " token equivalents";
                } else if (e.stage == "log" || e.stage == "cancelled")
                    text = e.message;
                if (!m_events || text.empty())
                    return;
                TrainingEvent t;
                t.kind = TrainingEvent::Kind::Log;
                t.stage = "decay";
                t.message = method + " round " + std::to_string(e.round) + ": " + text;
                m_events->onEvent(t);
            };
            const auto report = pipeline::runRounds(s, resume, sink, m_cancel ? &m_cancel->flag() : nullptr);
            if (report.cancelled)
                return false;
            const Json state = readJsonFile((fs::path(s.runDir) / "state.json").string());
            std::int64_t compute = 0;
            for (const auto &r : state.value("rounds", Json::array())) {
                eval::RoundModel m;
                m.method = method;
                m.round = r.value("round", 0);
                compute += r.value("compute", Json::object()).value("total", std::int64_t(0));
                m.computeTokens = compute;
                m.modelDir = (fs::path(s.runDir) / "checkpoints" / ("round-" + std::to_string(m.round))).string();
                m.answersPath = (fs::path(s.runDir) / "answers" / ("round-" + std::to_string(m.round) + ".jsonl")).string();
                models.push_back(m);
            }
            return true;
        };
        RoundSpec itool = spec;
        itool.runDir = (fs::path(dir) / "itool").string();
        if (!run(itool, "itool"))
            return models;
        if (m_spec.roundsContinuedSft) {
            RoundSpec baseline = spec;
            baseline.runDir = (fs::path(dir) / "continued-sft").string();
            baseline.sft.computeOf = itool.runDir;
            baseline.sft.computeTokens = 0;
            run(baseline, "continued_sft");
        }
        return models;
    }

    void setCancel(const CancelToken *cancel) { m_cancel = cancel; }

private:
    eval::PointEvaluation judge(const std::vector<data::Record> &test, const std::vector<std::string> &answers,
                                const std::string &pointDir) const
    {
        const auto evaluation = eval::evaluateAnswers(test, answers);
        // The answers and their verdicts, for reading what the model actually says.
        fs::create_directories(pointDir);
        writeFileAtomically((fs::path(pointDir) / "answers.jsonl").string(), evaluation.answerLines());
        eval::PointEvaluation out;
        out.metrics = evaluation.metrics;
        for (const auto &j : evaluation.judgements)
            out.outcomes += j.correct ? '1' : '0';
        return out;
    }

    DecaySpec m_spec;
    std::string m_tokenizerPath;
    model::BpeTokenizer m_tokenizer;
    EventSink *m_events = nullptr;
    const CancelToken *m_cancel = nullptr;
};

} // namespace

DecaySplit splitDecayRecords(const DecaySpec &spec)
{
    DecaySplit split;
    auto records = readRecordFiles(spec.trainFiles);
    SyntheticDataSpec synthetic = spec.sft.synthetic;
    if (synthetic.excludeFiles.empty()) // by default, no request of the test set is trained on
        synthetic.excludeFiles = spec.testFiles;
    split.syntheticExcluded = appendSyntheticRecords(records, synthetic).excluded;
    if (!spec.testFiles.empty()) {
        split.test = readRecordFiles(spec.testFiles);
        std::set<std::string> testIds;
        for (const auto &r : split.test)
            testIds.insert(r.id);
        for (auto &r : records)
            if (!testIds.count(r.id)) // a record in both stays out of training
                split.train.push_back(std::move(r));
    } else {
        for (auto &r : records)
            (isHeldOut(r.id, spec.testPercent) ? split.test : split.train).push_back(std::move(r));
    }
    split.train = sample(std::move(split.train), spec.maxTrainRecords, 0x7261696eull);
    split.test = sample(std::move(split.test), spec.maxTestRecords, 0x74657374ull);
    return split;
}

std::unique_ptr<eval::DecayBackend> makeSftDecayBackend(const DecaySpec &spec,
                                                        const std::string &tokenizerPath,
                                                        EventSink *trainingEvents)
{
    return std::make_unique<SftDecayBackend>(spec, tokenizerPath, trainingEvents);
}

eval::DecayRunResult runDecayJob(const DecaySpec &spec, const Json &specJson, bool resume,
                                 EventSink *events, const CancelToken *cancel)
{
    const fs::path runDir(spec.runDir);
    if (!resume && fs::exists(runDir / eval::kDecayResultFile)
        && !eval::readDecayPoints((runDir / eval::kDecayResultFile).string()).empty())
        throw UserError((runDir / eval::kDecayResultFile).string()
                        + " already holds finished points; pass --resume to continue it, or choose "
                          "another run_dir");
    fs::create_directories(runDir);
    auto split = splitDecayRecords(spec);
    if (split.train.empty() || split.test.empty())
        throw UserError("decay: " + std::to_string(split.train.size()) + " training and "
                        + std::to_string(split.test.size())
                        + " test records; both must be non-empty");
    writeRecordFile((runDir / "test.jsonl").string(), split.test);
    auto log = [&](const std::string &text) {
        if (events) {
            TrainingEvent e;
            e.kind = TrainingEvent::Kind::Log;
            e.stage = "decay"; // the experiment's own messages (the CLI prints these)
            e.message = text;
            events->onEvent(e);
        }
    };
    if (spec.sft.synthetic.count > 0)
        log(std::to_string(split.syntheticExcluded)
            + " generated records dropped: they repeat a test request");

    // One tokenizer for every point: from the spec, or trained once on the whole pool.
    const fs::path tokenizerPath = runDir / "tokenizer.json";
    if (!spec.sft.tokenizerPath.empty()) {
        model::BpeTokenizer::load(spec.sft.tokenizerPath).save(tokenizerPath.string());
    } else if (!(resume && fs::exists(tokenizerPath))) {
        std::vector<const data::Record *> pool;
        for (const auto &r : split.train)
            pool.push_back(&r);
        log("training a " + std::to_string(spec.sft.tokenizerVocabSize) + "-token tokenizer on "
            + std::to_string(std::min(pool.size(), kTokenizerCorpusRecords)) + " records");
        trainJobTokenizer(pool, spec.sft.tokenizerVocabSize, spec.sft.tokenizerPreTokenizer).save(tokenizerPath.string());
    }

    eval::DecayPlan plan;
    plan.runDir = spec.runDir;
    plan.fractions = spec.fractions;
    plan.seeds = spec.seeds;
    plan.budget.fixedSteps = spec.fixedSteps;
    plan.budget.epochs = spec.epochs;
    plan.budget.examplesPerStep = spec.sft.batchSize * spec.sft.gradAccum;
    plan.budget.minSteps = spec.minSteps;
    plan.rounds = spec.rounds;
    plan.spec = specJson;

    SftDecayBackend backend(spec, tokenizerPath.string(), events);
    backend.setCancel(cancel);
    return eval::runDecayExperiment(plan, split.train, split.test, backend, resume, events, cancel);
}

} // namespace itool::pipeline
