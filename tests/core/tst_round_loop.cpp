// The rounds end to end on a tiny model with a byte tokenizer, taught the answer format by a
// few SFT steps so that it ends its answers: the run folder's files, refusing to overwrite a
// run, cancellation (immediate and mid-round) and resume, which continues after the last
// finished round and keeps the earlier metrics and evaluations; pairs trained on the tokens
// the search sampled; pairs.approved_only trains on exactly the pairs a person approved or
// edited; the continued-SFT baseline spends the compute an iTool run spent, round by round.
#include "core/model/byte_tokenizer.h"
#include "core/data/native_format.h"
#include "core/model/bpe_tokenizer.h"
#include "core/model/chat_template.h"
#include "core/model/model_io.h"
#include "core/pipeline/record_files.h"
#include "core/pipeline/round_loop.h"
#include "core/train/sft_trainer.h"
#include "core/store/pair_curation_store.h"
#include "core/store/preference_store.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace itool;
namespace fs = std::filesystem;

namespace {

data::Record record(int i, bool calls)
{
    data::Record r;
    r.id = "r" + std::to_string(i);
    r.tools.push_back(Json{{"name", "f"},
                           {"description", "d"},
                           {"parameters", {{"type", "object"}, {"properties", {{"a", {{"type", "integer"}}}}},
                                           {"required", {"a"}}}}});
    r.conversation.push_back({data::Role::User, "f " + std::to_string(i), {}, {}});
    if (calls) {
        data::GoldCall c;
        c.name = "f";
        c.params.push_back({"a", {Json(i)}});
        r.gold.push_back(c);
    }
    r.difficulty = i % 2 ? data::Difficulty::Easy : data::Difficulty::Hard;
    return r;
}

struct Fixture
{
    QTemporaryDir tmp;
    pipeline::RoundSpec spec;
    Fixture()
    {
        const fs::path root = tmp.path().toStdString();
        const auto tok = model::byteTokenizer();
        model::ModelConfig c;
        c.vocabSize = tok.vocabSize();
        c.hiddenSize = 16;
        c.intermediateSize = 32;
        c.numHiddenLayers = 1;
        c.numAttentionHeads = 2;
        c.numKeyValueHeads = 2;
        c.maxPositionEmbeddings = 256;
        model::LlamaForCausalLM net(c);
        net->initWeights(5);
        model::saveModel(net, (root / "random").string());
        std::ofstream train(root / "train.jsonl"), eval(root / "eval.jsonl");
        std::vector<data::Record> records;
        for (int i = 0; i < 6; ++i) {
            records.push_back(record(i, i != 5));
            train << data::recordToJson(records.back()).dump() << "\n";
        }
        for (int i = 6; i < 9; ++i)
            eval << data::recordToJson(record(i, true)).dump() << "\n";
        train.close();
        eval.close();
        // A few SFT steps teach the format (a call and the end marker); the values stay unsure,
        // so searches find right and wrong answers.
        train::CurriculumStage stage;
        stage.name = "format";
        stage.steps = 60;
        for (const auto &r : records) {
            const auto t = model::tokenizeChat(r, tok, 200);
            stage.examples.push_back({std::vector<std::int32_t>(t.ids.begin(), t.ids.end()), t.answerMask});
        }
        train::SftOptions o;
        o.model = c;
        o.initModelDir = (root / "random").string();
        o.lr = 1e-2;
        o.warmupSteps = 5;
        o.batchSize = 6;
        o.runDir = (root / "format").string();
        o.threads.blasThreads = 1;
        const auto taught = train::runSft(o, {stage});
        fs::rename(taught.modelDir, root / "start");
        tok.save((root / "start" / "tokenizer.json").string());
        spec.runDir = (root / "run").string();
        spec.startModel = (root / "start").string();
        spec.trainFiles = {(root / "train.jsonl").string()};
        spec.evalFiles = {(root / "eval.jsonl").string()};
        spec.maxTokens = 200;
        spec.rounds = 1;
        spec.selectionFraction = 0.5;
        spec.search.simulations = 2;
        spec.search.width = 2;
        spec.temperature = 1.0;
        spec.epochs = 1;
        spec.pairs.minGap = 0.0;
        spec.pairs.minChosen = -1.0;
        spec.threads.blasThreads = 1;
    }
    fs::path dir() const { return spec.runDir; }
    Json state() const
    {
        std::ifstream in(dir() / "state.json");
        return Json::parse(in);
    }
    int metricLines(const std::string &stage) const
    {
        std::ifstream in(dir() / "metrics.jsonl");
        std::string line;
        int n = 0;
        while (std::getline(in, line))
            n += Json::parse(line).value("stage", "") == stage ? 1 : 0;
        return n;
    }
};

} // namespace

class TestRoundLoop : public QObject
{
    Q_OBJECT

private slots:
    void runThenResume()
    {
        Fixture f;
        std::vector<std::string> stages;
        auto report = pipeline::runRounds(f.spec, false, [&](const pipeline::RoundEvent &e) { stages.push_back(e.stage); });
        QVERIFY(!report.cancelled);
        QCOMPARE(int(report.rounds.size()), 1);
        const auto &r1 = report.rounds[0];
        QCOMPARE(r1.scored, 6);
        QCOMPARE(r1.selected, 4); // ceil(0.5 * 5) tool-calling + ceil(0.5 * 1) not
        QCOMPARE(r1.trees, 4);
        QVERIFY(r1.rollouts >= 4 * 2);
        for (const char *file : {"spec.json", "state.json", "metrics.jsonl", "eval.json", "pairs.jsonl",
                                 "workspace.db", "checkpoints/round-1/model.safetensors",
                                 "checkpoints/round-1/tokenizer.json", "trees/round-1/selected.json",
                                 "trees/round-1/pairs.jsonl", "answers/round-0.jsonl", "answers/round-1.jsonl",
                                 "fixed_calls.jsonl"})
            QVERIFY2(fs::exists(f.dir() / file), file);
        {
            // One answer per evaluation record, each judged.
            std::ifstream in(f.dir() / "answers" / "round-1.jsonl");
            std::string line;
            int answers = 0;
            while (std::getline(in, line)) {
                const Json j = Json::parse(line);
                QVERIFY(j.contains("id") && j["result"].is_string() && j["correct"].is_boolean());
                ++answers;
            }
            QCOMPARE(answers, int(pipeline::readRecordFiles(f.spec.evalFiles).size()));
        }
        int treeFiles = 0;
        for (const auto &e : fs::directory_iterator(f.dir() / "trees" / "round-1"))
            treeFiles += e.path().filename().string().rfind("r", 0) == 0 ? 1 : 0;
        QCOMPARE(treeFiles, 4);
        QCOMPARE(f.state()["completed_rounds"].get<int>(), 1);
        for (const char *s : {"start", "eval", "select", "pairs", "checkpoint", "round", "done"})
            QVERIFY2(std::find(stages.begin(), stages.end(), s) != stages.end(), s);

        // A second fresh run into the same folder is refused.
        QVERIFY_THROWS_EXCEPTION(UserError, pipeline::runRounds(f.spec, false));

        // Round 2: cancelled mid-search (as a kill would stop it), then resumed.
        f.spec.rounds = 2;
        std::atomic<bool> cancel{false};
        report = pipeline::runRounds(
            f.spec, true,
            [&](const pipeline::RoundEvent &e) {
                if (e.stage == "select" && e.round == 2)
                    cancel = true;
            },
            &cancel);
        QVERIFY(report.cancelled);
        QCOMPARE(report.resumedAfterRound, 1);
        QCOMPARE(f.state()["completed_rounds"].get<int>(), 1);
        QVERIFY(!fs::exists(f.dir() / "checkpoints" / "round-2"));

        report = pipeline::runRounds(f.spec, true);
        QVERIFY(!report.cancelled);
        QCOMPARE(int(report.rounds.size()), 1);
        QCOMPARE(report.rounds[0].round, 2);
        QCOMPARE(f.state()["completed_rounds"].get<int>(), 2);
        QVERIFY(fs::exists(f.dir() / "checkpoints" / "round-2" / "model.safetensors"));
        std::ifstream in(f.dir() / "eval.json");
        const auto eval = Json::parse(in);
        QCOMPARE(int(eval["rounds"].size()), 3); // start policy, round 1, round 2
        QCOMPARE(eval["rounds"][2]["round"].get<int>(), 2);
        QCOMPARE(f.metricLines("round"), 2); // round 1's line survived the resumes
        QCOMPARE(f.metricLines("start"), 3);
        // before/after of round 2 chain on from round 1
        QCOMPARE(report.rounds[0].evalBefore.dump(), eval["rounds"][1]["eval"].dump());

        // fixed_calls.jsonl: exactly the records the start policy got wrong and round 2 right,
        // also after the resumes (round 0's answers are read back from their file).
        auto verdicts = [&](const char *file) {
            std::map<std::string, bool> out;
            std::ifstream in(f.dir() / "answers" / file);
            std::string line;
            while (std::getline(in, line)) {
                const Json j = Json::parse(line);
                out[j["id"].get<std::string>()] = j["correct"].get<bool>();
            }
            return out;
        };
        const auto before = verdicts("round-0.jsonl"), after = verdicts("round-2.jsonl");
        std::set<std::string> expectedFixed, listedFixed;
        for (const auto &[id, right] : after)
            if (right && !before.at(id))
                expectedFixed.insert(id);
        std::ifstream fixed(f.dir() / "fixed_calls.jsonl");
        std::string line;
        while (std::getline(fixed, line))
            listedFixed.insert(Json::parse(line)["id"].get<std::string>());
        QCOMPARE(listedFixed, expectedFixed);
        // The paired comparison with the start policy is in eval.json and the round summary.
        const Json versus = eval["rounds"][2]["versus_start"];
        QCOMPARE(versus["all"]["total"].get<int>(), int(after.size()));
        QCOMPARE(versus["all"]["only_b"].get<int>(), int(expectedFixed.size()));
        QVERIFY(versus["all"]["mcnemar_p"].get<double>() > 0.0);
    }

    void approvedOnlyTrainsOnReviewedPairs_data()
    {
        QTest::addColumn<bool>("approvedOnly");
        QTest::newRow("approved_only") << true;
        QTest::newRow("every pair but the rejected") << false;
    }
    void approvedOnlyTrainsOnReviewedPairs()
    {
        QFETCH(bool, approvedOnly);
        Fixture f;
        f.spec.approvedOnly = approvedOnly;
        f.spec.batchPairs = 2;
        f.spec.epochs = 1;
        // The run stops once round 1's pairs are in the database; a person reviews them;
        // --resume redoes the round and trains on what the review left.
        std::atomic<bool> cancel{false};
        auto report = pipeline::runRounds(
            f.spec, false,
            [&](const pipeline::RoundEvent &e) {
                if (e.stage == "pairs")
                    cancel = true;
            },
            &cancel);
        QVERIFY(report.cancelled);
        QVERIFY(report.trainedPairIds.empty());
        QCOMPARE(f.state()["completed_rounds"].get<int>(), 0);
        // The tiny random policy's branches all score alike, so its own search keeps no
        // pair: the review stands on four pairs stored for round 1 the way the search
        // stores them (parent nodes no tree of this size has, so the redone search cannot
        // collide with them).
        std::vector<std::int64_t> expected;
        std::size_t stored = 0;
        {
            store::PreferenceStore db((f.dir() / "workspace.db").string());
            std::vector<search::PreferencePair> made;
            for (int i = 0; i < 4; ++i) {
                search::PreferencePair p;
                p.recordId = "r" + std::to_string(i);
                p.round = 1;
                p.parentNode = 1000 + i;
                p.chosenNode = 2000 + i;
                p.rejectedNode = 3000 + i;
                p.prefix = "[f(";
                p.chosen = "a=" + std::to_string(i) + ")]";
                p.rejected = "b=x)]";
                p.chosenValue = 1.0;
                p.rejectedValue = -1.0;
                made.push_back(p);
            }
            QCOMPARE(db.addPairs("run", made), 4);
            store::PairQuery q;
            q.run = "run";
            q.round = 1;
            const auto pairs = db.pairs(q);
            stored = pairs.size();
            std::map<std::string, std::int64_t> idOf;
            for (const auto &p : pairs)
                if (p.pair.parentNode >= 1000)
                    idOf[p.pair.recordId] = p.id;
            QCOMPARE(int(idOf.size()), 4);
            db.setStatus(idOf["r0"], "approved");
            db.editPair(idOf["r1"], "a=1 )]", "b=x)]");
            db.setStatus(idOf["r2"], "rejected");
            // r3 stays proposed
            expected = {idOf["r0"], idOf["r1"]};
            {
                // A pair a person made from two siblings of r3's tree: stored approved, under
                // "run/person", and trained on in both modes.
                store::PairCurationStore curation((f.dir() / "workspace.db").string());
                search::PreferencePair p = made[3];
                p.parentNode = 1100;
                p.chosen = "a=3 )]";
                expected.push_back(curation.addPersonPair("run", p));
            }
            if (!approvedOnly) {
                expected.push_back(idOf["r3"]);
                for (const auto &p : pairs) // the search's own pairs, all proposed, if any
                    if (p.pair.parentNode < 1000)
                        expected.push_back(p.id);
            }
            std::sort(expected.begin(), expected.end());
        }
        std::int64_t trainSteps = 0, totalSteps = 0;
        report = pipeline::runRounds(f.spec, true, [&](const pipeline::RoundEvent &e) {
            if (e.stage == "train") {
                ++trainSteps;
                totalSteps = e.total;
            }
        });
        QVERIFY(!report.cancelled);
        QCOMPARE(int(report.rounds.size()), 1);
        auto trained = report.trainedPairIds;
        std::sort(trained.begin(), trained.end());
        QCOMPARE(trained, expected);
        QCOMPARE(report.rounds[0].pairsTrained, int(expected.size()));
        const std::int64_t batches = (std::int64_t(expected.size()) + 1) / 2; // 2 pairs a batch, 1 epoch
        QCOMPARE(trainSteps, batches);
        QCOMPARE(totalSteps, batches);
        std::ifstream in(f.dir() / "trees" / "round-1" / "trained.json");
        std::vector<std::int64_t> listed;
        for (const auto &p : Json::parse(in)) {
            listed.push_back(p["id"].get<std::int64_t>());
            QVERIFY(p["status"] != "rejected");
            if (approvedOnly)
                QVERIFY(p["status"] == "approved" || p["status"] == "edited");
        }
        std::sort(listed.begin(), listed.end());
        QCOMPARE(listed, expected);
        // The redone round left the reviews alone and stored no pair twice.
        store::PreferenceStore db((f.dir() / "workspace.db").string());
        const auto counts = db.countByStatus("run");
        QCOMPARE(counts.at("approved"), 1);
        QCOMPARE(counts.at("edited"), 1);
        QCOMPARE(counts.at("rejected"), 1);
        int total = 0;
        for (const auto &[status, n] : counts)
            total += n;
        QCOMPARE(std::size_t(total), stored);
    }

    void continuedSftSpendsTheRoundsCompute()
    {
        // An iTool run, then the baseline from the same start model with the run's compute.
        Fixture f;
        f.spec.rounds = 2;
        const auto itool = pipeline::runRounds(f.spec, false);
        QCOMPARE(int(itool.rounds.size()), 2);
        pipeline::RoundSpec baseline = f.spec;
        baseline.runDir = (f.dir().parent_path() / "baseline").string();
        baseline.method = "continued_sft";
        baseline.sft.computeOf = f.spec.runDir;
        baseline.sft.batchSize = 2;
        std::vector<std::string> stages;
        const auto sft = pipeline::runRounds(baseline, false, [&](const pipeline::RoundEvent &e) { stages.push_back(e.stage); });
        QCOMPARE(int(sft.rounds.size()), 2);
        for (int r = 0; r < 2; ++r) {
            const auto &b = sft.rounds[std::size_t(r)];
            const double budget = double(itool.rounds[std::size_t(r)].compute.total());
            QVERIFY(budget > 0);
            QCOMPARE(b.method, std::string("continued_sft"));
            QVERIFY(b.trainSteps >= 1);
            QCOMPARE(b.selected, 0); // no search
            // It spends the round's compute to within one step's worth.
            const double step = double(b.compute.training) / double(b.trainSteps);
            QVERIFY2(std::abs(double(b.compute.training) - budget) <= step,
                     qPrintable(QString("%1 vs %2").arg(b.compute.training).arg(budget)));
            QVERIFY(fs::exists(fs::path(baseline.runDir) / "sft" / ("round-" + std::to_string(r + 1)) / "model"));
            QVERIFY(!b.versusStart.is_null());
        }
        QVERIFY(std::find(stages.begin(), stages.end(), "sft") != stages.end());
        QVERIFY(std::find(stages.begin(), stages.end(), "search") == stages.end());
        // A budget from a run that did not get that far is refused, naming the folder.
        baseline.runDir += "-3";
        baseline.rounds = 3;
        QVERIFY_THROWS_EXCEPTION(UserError, pipeline::runRounds(baseline, false));
    }

    void cancelBeforeAnything()
    {
        Fixture f;
        std::atomic<bool> cancel{true};
        const auto report = pipeline::runRounds(f.spec, false, {}, &cancel);
        QVERIFY(report.cancelled);
        QVERIFY(report.rounds.empty());
        QCOMPARE(f.state()["completed_rounds"].get<int>(), 0);
        // and the run can be resumed to the end
        const auto done = pipeline::runRounds(f.spec, true);
        QCOMPARE(int(done.rounds.size()), 1);
    }
};

QTEST_APPLESS_MAIN(TestRoundLoop)
#include "tst_round_loop.moc"
