// The decay experiment runner with a fake trainer: one training per fraction and seed on
// nested subsets, steps scaled by the budget, decay.json / metrics.jsonl / events as points
// land, resume that never redoes a finished point, spec changes refused on resume, the
// rounds hook, and the spec parser's checks.
#include "core/common/user_error.h"
#include "core/eval/decay_experiment.h"
#include "core/eval/decay_fractions.h"
#include "core/pipeline/decay_spec.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace itool;
using namespace itool::eval;
namespace fs = std::filesystem;

namespace {

std::vector<data::Record> makeRecords(int n, const std::string &prefix)
{
    std::vector<data::Record> out;
    for (int i = 0; i < n; ++i) {
        data::Record r;
        r.id = prefix + std::to_string(i);
        r.difficulty = i % 3 == 0   ? data::Difficulty::Easy
                       : i % 3 == 1 ? data::Difficulty::Medium
                                    : data::Difficulty::Hard;
        r.gold.push_back(data::GoldCall{"f", {}});
        r.category = data::Category::Simple;
        out.push_back(r);
    }
    return out;
}

// Trains nothing: remembers every call, writes a model folder, and "evaluates" a model as
// right on the first (records / 4) test records, so accuracy grows with the data.
class FakeBackend : public DecayBackend
{
public:
    struct Call
    {
        std::vector<std::string> ids;
        std::uint64_t seed;
        std::int64_t steps;
        std::string dir;
    };
    std::vector<Call> calls;
    std::vector<std::string> evaluated;
    int cancelAtCall = -1; // 0-based training call that reports a cancel
    std::map<std::string, std::size_t> trainedOn;

    Trained train(const std::vector<data::Record> &records, std::uint64_t seed, std::int64_t steps,
                  const std::string &pointDir, bool) override
    {
        Call c{{}, seed, steps, pointDir};
        for (const auto &r : records)
            c.ids.push_back(r.id);
        calls.push_back(c);
        Trained t;
        if (int(calls.size()) - 1 == cancelAtCall) {
            t.cancelled = true;
            return t;
        }
        t.modelDir = pointDir + "/model";
        fs::create_directories(t.modelDir);
        t.steps = steps;
        trainedOn[t.modelDir] = records.size();
        return t;
    }
    PointEvaluation evaluate(const std::string &modelDir, const std::vector<data::Record> &test,
                             const std::string &) override
    {
        evaluated.push_back(modelDir);
        const std::size_t right = trainedOn.count(modelDir) ? trainedOn[modelDir] / 4
                                  : rightOf.count(modelDir)   ? rightOf[modelDir]
                                                              : test.size() / 2;
        PointEvaluation e;
        for (std::size_t i = 0; i < test.size(); ++i) {
            e.metrics.add(test[i], i < right,
                          i < right ? std::vector<std::string>{}
                                    : std::vector<std::string>{"type_error:simple"});
            e.outcomes += i < right ? '1' : '0';
        }
        return e;
    }

    // Rounds: `roundModels` as made by the run, each model right on rightOf[dir] records.
    std::vector<RoundModel> roundModels;
    std::map<std::string, std::size_t> rightOf;
    struct RoundsCall
    {
        std::string start;
        std::uint64_t seed;
        std::size_t callsBefore; // training calls made before the rounds ran
    };
    std::vector<RoundsCall> roundsCalls;
    std::vector<RoundModel> runRounds(const std::string &start, std::uint64_t seed, const std::string &) override
    {
        roundsCalls.push_back({start, seed, calls.size()});
        return roundModels;
    }
};

class Recorder : public pipeline::EventSink
{
public:
    std::vector<pipeline::TrainingEvent> evals;
    void onEvent(const pipeline::TrainingEvent &e) override
    {
        if (e.kind == pipeline::TrainingEvent::Kind::Eval)
            evals.push_back(e);
    }
};

DecayPlan makePlan(const std::string &dir)
{
    DecayPlan plan;
    plan.runDir = dir;
    plan.fractions = defaultDecayFractions();
    plan.seeds = {1, 2, 3};
    plan.budget.epochs = 2.0;
    plan.budget.examplesPerStep = 8;
    plan.budget.minSteps = 3;
    plan.spec
        = Json{{"itool_spec", "decay"}, {"model", {{"hidden_size", 32}}}, {"seeds", {1, 2, 3}}};
    return plan;
}

Json readJson(const std::string &path)
{
    std::ifstream in(path);
    return Json::parse(in);
}

int countLines(const std::string &path)
{
    std::ifstream in(path);
    int n = 0;
    for (std::string line; std::getline(in, line);)
        n += line.empty() ? 0 : 1;
    return n;
}

} // namespace

class TestDecayExperiment : public QObject
{
    Q_OBJECT
private slots:
    void budgetScalesStepsWithRecords_data()
    {
        QTest::addColumn<double>("epochs");
        QTest::addColumn<int>("records");
        QTest::addColumn<int>("steps");
        QTest::newRow("2 epochs of 100 at 16") << 2.0 << 100 << 13;
        QTest::newRow("exact") << 1.0 << 96 << 6;
        QTest::newRow("floor at min_steps") << 2.0 << 8 << 5;
        QTest::newRow("fractional epochs") << 0.5 << 320 << 10;
    }
    void budgetScalesStepsWithRecords()
    {
        QFETCH(double, epochs);
        QFETCH(int, records);
        QFETCH(int, steps);
        DecayBudget b;
        b.epochs = epochs;
        b.examplesPerStep = 16;
        b.minSteps = 5;
        QCOMPARE(b.stepsFor(std::size_t(records)), std::int64_t(steps));
    }

    void fixedStepsIgnoreTheSubsetSize()
    {
        DecayBudget b;
        b.fixedSteps = 1200;
        b.epochs = 2.0;
        b.minSteps = 5;
        QCOMPARE(b.stepsFor(10), std::int64_t(1200));
        QCOMPARE(b.stepsFor(100000), std::int64_t(1200));
    }

    void everyPointTrainsOnNestedSubsetsAndLands()
    {
        QTemporaryDir tmp;
        const auto plan = makePlan(tmp.path().toStdString());
        const auto train = makeRecords(160, "t"), test = makeRecords(40, "x");
        FakeBackend fake;
        Recorder events;
        const auto result = runDecayExperiment(plan, train, test, fake, false, &events);

        QCOMPARE(fake.calls.size(), std::size_t(15));
        QCOMPARE(result.done, std::size_t(15));
        QCOMPARE(result.skipped, std::size_t(0));
        QVERIFY(!result.cancelled);
        // seed-major order; within a seed each subset extends the previous one
        for (std::size_t s = 0; s < 3; ++s) {
            for (std::size_t f = 0; f < 5; ++f) {
                const auto &c = fake.calls[s * 5 + f];
                QCOMPARE(c.seed, plan.seeds[s]);
                QCOMPARE(c.ids.size(), subsetSize(plan.fractions[f], 160));
                QCOMPARE(c.steps, plan.budget.stepsFor(c.ids.size()));
                if (f > 0) {
                    const auto &prev = fake.calls[s * 5 + f - 1].ids;
                    QVERIFY(std::equal(prev.begin(), prev.end(), c.ids.begin()));
                }
            }
        }
        QCOMPARE(fake.calls[4].steps, std::int64_t(40)); // 2 epochs x 160 / 8
        QCOMPARE(fake.calls[0].steps, std::int64_t(3));  // 10 records: the floor
        QVERIFY(fake.calls[0].ids != fake.calls[5].ids); // another seed, another subset
        QVERIFY(fs::path(fake.calls[0].dir).filename() == "f0.0625-s1");

        // decay.json
        const Json j = readJson(result.resultPath);
        QCOMPARE(j["itool_result"].get<std::string>(), std::string("decay"));
        QCOMPARE(j["version"].get<int>(), kDecayResultVersion);
        QVERIFY(j["complete"].get<bool>());
        QCOMPARE(j["train_records"].get<int>(), 160);
        QCOMPARE(j["test_records"].get<int>(), 40);
        QCOMPARE(j["points"].size(), std::size_t(15));
        const Json &p0 = j["points"][0];
        for (const char *key : {"key", "kind", "fraction_index", "fraction", "seed", "records",
                                "steps", "model_dir", "metrics"})
            QVERIFY2(p0.contains(key), key);
        for (const char *key :
             {"accuracy", "total", "correct", "by_category", "by_difficulty", "fragment_errors"})
            QVERIFY2(p0["metrics"].contains(key), key);
        QCOMPARE(j["spec"], plan.spec);
        const Json &summary = j["summary"];
        QCOMPARE(summary["fractions"].size(), std::size_t(5));
        QCOMPARE(summary["gains"].size(), std::size_t(4));
        // full data: 160 / 4 = 40 of 40 right for every seed
        QCOMPARE(summary["fractions"][4]["accuracy"]["mean"].get<double>(), 1.0);
        QCOMPARE(summary["fractions"][4]["accuracy"]["n"].get<int>(), 3);
        QCOMPARE(summary["fractions"][0]["accuracy"]["mean"].get<double>(),
                 2.0 / 40); // 10 records -> 2 right
        QVERIFY(qAbs(summary["gains"][3]["gain"]["mean"].get<double>() - 0.5) < 1e-9);

        QCOMPARE(countLines(tmp.path().toStdString() + "/metrics.jsonl"), 15);
        QCOMPARE(events.evals.size(), std::size_t(15));
        QCOMPARE(events.evals.back().step, std::int64_t(15));
        QCOMPARE(events.evals.back().totalSteps, std::int64_t(15));
        QCOMPARE(events.evals.back().value, 1.0);
        QCOMPARE(Json::parse(events.evals[0].message)["key"].get<std::string>(),
                 std::string("f0.0625-s1"));
    }

    void resumeNeverRedoesAFinishedPoint()
    {
        QTemporaryDir tmp;
        const auto plan = makePlan(tmp.path().toStdString());
        const auto train = makeRecords(64, "t"), test = makeRecords(16, "x");
        FakeBackend first;
        first.cancelAtCall = 7; // seed 2, fraction 1/4: 7 points finished before it
        const auto stopped = runDecayExperiment(plan, train, test, first, false);
        QVERIFY(stopped.cancelled);
        QCOMPARE(stopped.done, std::size_t(7));
        const Json partial = readJson(stopped.resultPath);
        QVERIFY(!partial["complete"].get<bool>());
        QCOMPARE(partial["points"].size(), std::size_t(7));

        // a plain rerun refuses to overwrite finished points
        FakeBackend refused;
        QVERIFY_THROWS_EXCEPTION(UserError, runDecayExperiment(plan, train, test, refused, false));
        QVERIFY(refused.calls.empty());

        FakeBackend second;
        const auto resumed = runDecayExperiment(plan, train, test, second, true);
        QCOMPARE(second.calls.size(), std::size_t(8));
        QCOMPARE(resumed.skipped, std::size_t(7));
        QCOMPARE(resumed.done, std::size_t(8));
        QCOMPARE(resumed.points.size(), std::size_t(15));
        std::set<std::string> finishedDirs;
        for (const auto &p : partial["points"])
            finishedDirs.insert(fs::path(p["model_dir"].get<std::string>()).parent_path().string());
        for (const auto &c : second.calls)
            QVERIFY2(!finishedDirs.count(c.dir), c.dir.c_str());
        QCOMPARE(second.calls.front().seed, std::uint64_t(2));
        QCOMPARE(second.calls.front().ids.size(), subsetSize(0.25, 64));
        QVERIFY(readJson(resumed.resultPath)["complete"].get<bool>());
        QCOMPARE(countLines(tmp.path().toStdString() + "/metrics.jsonl"), 15);

        // everything finished: a further resume trains nothing
        FakeBackend third;
        const auto again = runDecayExperiment(plan, train, test, third, true);
        QVERIFY(third.calls.empty());
        QCOMPARE(again.skipped, std::size_t(15));
        QCOMPARE(again.summary.fractions.size(), std::size_t(5));
    }

    void resumeAddsSeedsButRefusesOtherSpecChanges()
    {
        QTemporaryDir tmp;
        auto plan = makePlan(tmp.path().toStdString());
        plan.seeds = {1};
        const auto train = makeRecords(32, "t"), test = makeRecords(8, "x");
        FakeBackend first;
        runDecayExperiment(plan, train, test, first, false);
        QCOMPARE(first.calls.size(), std::size_t(5));

        auto changed = plan;
        changed.spec["model"]["hidden_size"] = 64;
        FakeBackend refused;
        try {
            runDecayExperiment(changed, train, test, refused, true);
            QFAIL("accepted a changed model on resume");
        } catch (const UserError &e) {
            QVERIFY2(QString(e.what()).contains("\"model\""), e.what());
        }
        QVERIFY(refused.calls.empty());

        auto more = plan;
        more.seeds = {1, 4};
        more.spec["seeds"] = {1, 4};
        FakeBackend second;
        const auto result = runDecayExperiment(more, train, test, second, true);
        QCOMPARE(second.calls.size(), std::size_t(5));
        for (const auto &c : second.calls)
            QCOMPARE(c.seed, std::uint64_t(4));
        QCOMPARE(result.summary.fractions[0].accuracy.n, 2);
    }

    void roundsHookAddsRoundPoints()
    {
        QTemporaryDir tmp, roundsRun;
        auto plan = makePlan(tmp.path().toStdString());
        plan.seeds = {1};
        plan.fractions = {0.5, 1.0};
        plan.rounds.runDir = roundsRun.path().toStdString();
        plan.rounds.seed = 1;
        // `itool run` layout for round 1, the alternative one for round 2
        const fs::path roundsDir(plan.rounds.runDir);
        fs::create_directories(roundsDir / "checkpoints" / "round-1");
        std::ofstream(roundsDir / "checkpoints" / "round-1" / "config.json") << "{}";
        fs::create_directories(roundsDir / "round-2" / "model");
        std::ofstream(roundsDir / "round-2" / "model" / "config.json") << "{}";
        fs::create_directories(roundsDir / "checkpoints"
                               / "round-3"); // not finished: no config.json
        const auto train = makeRecords(32, "t"), test = makeRecords(10, "x");
        FakeBackend fake;
        const auto result = runDecayExperiment(plan, train, test, fake, false);
        QCOMPARE(fake.calls.size(), std::size_t(2));
        QCOMPARE(fake.evaluated.size(), std::size_t(4));
        QCOMPARE(result.summary.rounds.size(), std::size_t(2));
        QCOMPARE(result.summary.rounds[1].round, 2);
        QCOMPARE(result.summary.rounds[0].accuracy.mean, 0.5);
        const Json j = readJson(result.resultPath);
        QCOMPARE(j["points"][3]["kind"].get<std::string>(), std::string("round"));
        QCOMPARE(j["points"][3]["key"].get<std::string>(), std::string("round2-s1"));
        QCOMPARE(fs::path(j["points"][2]["model_dir"].get<std::string>()).filename().string(),
                 std::string("round-1"));

        FakeBackend again;
        const auto resumed = runDecayExperiment(plan, train, test, again, true);
        QVERIFY(again.evaluated.empty());
        QCOMPARE(resumed.skipped, std::size_t(4));
    }

    // rounds.spec: the experiment runs the rounds from the rounds seed's full-data model as
    // soon as it exists, before the next seed trains, and lands every round model (iTool and
    // continued SFT) as a point at the compute it added, with its gain over that model.
    void experimentRunsTheRoundsFromTheFullDataModel()
    {
        QTemporaryDir tmp;
        auto plan = makePlan(tmp.path().toStdString());
        plan.seeds = {1, 2};
        plan.fractions = {0.5, 1.0};
        plan.rounds.spec = "run-spec.json";
        plan.rounds.seed = 1;
        const auto train = makeRecords(32, "t"), test = makeRecords(40, "x");
        FakeBackend fake;
        // The full-data model is right on 32 / 4 = 8 test records; the rounds on more.
        fake.roundModels = {{"itool", 1, "m/it1", 1000, ""}, {"itool", 2, "m/it2", 2100, ""},
                            {"continued_sft", 1, "m/sft1", 1000, ""}, {"continued_sft", 2, "m/sft2", 2100, ""}};
        fake.rightOf = {{"m/it1", 12}, {"m/it2", 14}, {"m/sft1", 9}, {"m/sft2", 8}};
        const auto result = runDecayExperiment(plan, train, test, fake, false);
        QCOMPARE(fake.roundsCalls.size(), std::size_t(1));
        QCOMPARE(fake.roundsCalls[0].seed, std::uint64_t(1));
        QCOMPARE(fake.roundsCalls[0].callsBefore, std::size_t(2)); // seed 1's two fractions, not seed 2's
        QVERIFY(fake.roundsCalls[0].start == fake.calls[1].dir + "/model");
        QCOMPARE(result.points.size(), std::size_t(8));
        const Json j = readJson(result.resultPath);
        std::set<std::string> keys;
        for (const auto &p : j["points"])
            keys.insert(p["key"].get<std::string>());
        for (const char *k : {"round1-s1", "round2-s1", "sft-round1-s1", "sft-round2-s1"})
            QVERIFY2(keys.count(k), k);
        const auto &rounds = result.summary.rounds;
        QCOMPARE(rounds.size(), std::size_t(4));
        QCOMPARE(rounds[0].method, std::string("itool"));
        QCOMPARE(rounds[1].round, 2);
        QCOMPARE(rounds[2].method, std::string("continued_sft"));
        QCOMPARE(rounds[1].computeTokens.mean, 2100.0);
        // gain over seed 1's full-data model (8 of 40 right): 14 of 40 -> +6/40
        QVERIFY(qAbs(rounds[1].gain.mean - 6.0 / 40.0) < 1e-12);
        QCOMPARE(rounds[1].paired.records, std::int64_t(40));
        QVERIFY(qAbs(rounds[1].paired.gain - 6.0 / 40.0) < 1e-12);
        QVERIFY(rounds[1].paired.interval.low > 0.0); // 6 records fixed, none broken
        QVERIFY(qAbs(rounds[3].gain.mean) < 1e-12);     // continued SFT round 2: 8 of 40
        QVERIFY(decayTable(result.summary).find("continued SFT") != std::string::npos);

        // A resume lands nothing twice.
        FakeBackend again;
        again.roundModels = fake.roundModels;
        const auto resumed = runDecayExperiment(plan, train, test, again, true);
        QVERIFY(again.calls.empty());
        QVERIFY(again.evaluated.empty());
        QCOMPARE(resumed.skipped, std::size_t(8));
        QCOMPARE(resumed.points.size(), std::size_t(8));
    }

    void specDefaultsAndChecks()
    {
        const Json minimal = Json::parse(R"({"itool_spec":"decay","version":1,"run_dir":"runs/d",
            "data":{"train":["a.jsonl"]}})");
        const auto spec = pipeline::decaySpecFromJson(minimal, "spec.json");
        QCOMPARE(spec.fractions, defaultDecayFractions());
        QCOMPARE(spec.seeds, (std::vector<std::uint64_t>{1, 2, 3}));
        QCOMPARE(spec.testPercent, 20);
        QCOMPARE(spec.rounds.seed, std::uint64_t(1));
        QVERIFY(spec.rounds.runDir.empty());
    }

    void specErrorsNameTheField_data()
    {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown field") << R"({"fraction":[0.5]})"
                                       << "\"fraction\": unknown field";
        QTest::newRow("fractions not increasing") << R"({"fractions":[0.5,0.25]})"
                                                  << "fractions[1]";
        QTest::newRow("seed repeated") << R"({"seeds":[1,1]})"
                                       << "\"seeds\"";
        QTest::newRow("epochs") << R"({"budget":{"epochs":0}})"
                                << "\"epochs\"";
        QTest::newRow("model field via the sft checks") << R"({"model":{"hidden_size":2}})"
                                                        << "hidden_size";
        QTest::newRow("eval budget") << R"({"eval":{"max_new_tokens":4000}})"
                                     << "max_new_tokens";
        QTest::newRow("wrong kind") << R"({"itool_spec":"sft"})"
                                    << "\"itool_spec\"";
        QTest::newRow("two budget modes") << R"({"budget":{"steps":100,"epochs":2}})"
                                          << "\"budget\": \"steps\"";
        QTest::newRow("rounds without the full data") << R"({"fractions":[0.25,0.5],"rounds":{"spec":"r.json"}})"
                                                      << "the last fraction must be 1";
        QTest::newRow("rounds seed not run") << R"({"rounds":{"spec":"r.json","seed":9}})"
                                             << "\"seed\"";
        QTest::newRow("rounds two ways") << R"({"rounds":{"spec":"r.json","run_dir":"x"}})"
                                         << "not both";
        QTest::newRow("curriculum and budget")
            << R"({"budget":{"steps":10},"curriculum":[{"name":"e","difficulty":["easy"],"steps":5}]})"
            << "\"budget\"";
        QTest::newRow("curriculum via the sft checks") << R"({"curriculum":[{"name":"e","difficulty":["easy"]}]})"
                                                       << "steps";
    }
    void specErrorsNameTheField()
    {
        QFETCH(QString, patch);
        QFETCH(QString, expected);
        Json spec = Json::parse(
            R"({"itool_spec":"decay","version":1,"run_dir":"runs/d","data":{"train":["a.jsonl"]}})");
        spec.merge_patch(Json::parse(patch.toStdString()));
        try {
            pipeline::decaySpecFromJson(spec, "spec.json");
            QFAIL("accepted a bad spec");
        } catch (const UserError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
            QVERIFY2(QString::fromUtf8(e.what()).startsWith("spec.json"), e.what());
        }
    }

    // A curriculum gives every point the same stages: fixed steps, the stages' sum.
    void curriculumFixesThePointSteps()
    {
        Json spec = Json::parse(R"({"itool_spec":"decay","version":1,"run_dir":"runs/d","data":{"train":["a.jsonl"]},
            "curriculum":[{"name":"easy","difficulty":["easy"],"steps":40},
                          {"name":"all","difficulty":["easy","medium","hard"],"steps":8}]})");
        const auto s = pipeline::decaySpecFromJson(spec, "spec.json");
        QVERIFY(s.curriculum);
        QCOMPARE(s.fixedSteps, std::int64_t(48));
        QCOMPARE(s.sft.curriculum.size(), std::size_t(2));
        QCOMPARE(s.sft.curriculum[1].difficulties.size(), std::size_t(3));
    }

    void bundledSpecsParse()
    {
        for (const char *name : {"decay-quick.json", "decay-full.json"}) {
            const std::string path = std::string(ITOOL_SOURCE_DIR) + "/resources/specs/" + name;
            const auto spec = pipeline::readDecaySpec(path);
            QVERIFY(!spec.trainFiles.empty());
            QCOMPARE(spec.fractions.front(), 0.0625);
            QCOMPARE(spec.fractions.back(), 1.0);
            QVERIFY(spec.fixedSteps > 0); // the data varies, the compute does not
            QVERIFY(!spec.sft.threads.has_value()); // both data-parallel workers
            QCOMPARE(spec.sft.model.hiddenSize, std::int64_t(64));
        }
        const auto full = pipeline::readDecaySpec(std::string(ITOOL_SOURCE_DIR) + "/resources/specs/decay-full.json");
        QCOMPARE(full.seeds.size(), std::size_t(3));
        QVERIFY(!full.rounds.spec.empty());
        QVERIFY(fs::exists(fs::path(ITOOL_SOURCE_DIR) / full.rounds.spec));
    }
};

QTEST_APPLESS_MAIN(TestDecayExperiment)
#include "tst_decay_experiment.moc"
