// The warm-up inside `itool run`: a run spec with a warm-up SFT spec trains it into
// run_dir/warmup and starts the rounds from its model; a run stopped during the warm-up
// continues the SFT from its checkpoint; a run stopped after it never trains it again;
// start_model and warmup are exclusive; the shipped quick run spec reads its warm-up file.
#include "core/common/user_error.h"
#include "core/data/native_format.h"
#include "core/pipeline/round_loop.h"
#include "core/pipeline/round_spec.h"
#include "core/pipeline/sft_spec.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace itool;
namespace fs = std::filesystem;

namespace {

data::Record weather(int i)
{
    const char *cities[]
        = {"Paris", "Berlin", "Rome", "Madrid", "Oslo", "Vienna", "Lisbon", "Prague"};
    data::Record r;
    r.id = "w-" + std::to_string(i);
    r.tools.push_back(Json{{"name", "get_weather"},
                           {"description", "Weather for a city"},
                           {"parameters",
                            {{"type", "object"},
                             {"properties", {{"city", {{"type", "string"}}}}},
                             {"required", {"city"}}}}});
    const std::string city = cities[i % 8];
    r.conversation.push_back(data::Message{data::Role::User, "Weather in " + city + "?", {}, {}});
    r.gold.push_back(data::GoldCall{"get_weather", {data::GoldParam{"city", {Json(city)}}}});
    r.category = data::Category::Simple;
    r.difficulty = i % 3 == 0 ? data::Difficulty::Medium : data::Difficulty::Easy;
    return r;
}

// A 7-step SFT of a 1-layer model (checkpoints every 2 steps) and one small round.
struct Fixture
{
    QTemporaryDir tmp;
    fs::path root;
    Json specJson;
    Fixture()
        : root(tmp.path().toStdString())
    {
        std::ofstream train(root / "train.jsonl"), eval(root / "eval.jsonl");
        for (int i = 0; i < 24; ++i)
            train << data::recordToJson(weather(i)).dump() << "\n";
        for (int i = 24; i < 27; ++i)
            eval << data::recordToJson(weather(i)).dump() << "\n";
        const Json sft{{"itool_spec", "sft"},
                       {"version", 1},
                       {"run_dir", "ignored: the warm-up always trains into run_dir/warmup"},
                       {"data",
                        {{"train", {(root / "train.jsonl").string()}},
                         {"max_tokens", 96},
                         {"holdout_percent", 10}}},
                       {"tokenizer", {{"vocab_size", 320}}},
                       {"model",
                        {{"hidden_size", 32},
                         {"intermediate_size", 64},
                         {"num_hidden_layers", 1},
                         {"num_attention_heads", 4},
                         {"num_key_value_heads", 2},
                         {"max_position_embeddings", 128}}},
                       {"curriculum",
                        {{{"name", "easy"}, {"difficulty", {"easy"}}, {"steps", 4}},
                         {{"name", "all"}, {"difficulty", {"easy", "medium"}}, {"steps", 3}}}},
                       {"optimizer", {{"lr", 0.01}, {"warmup_steps", 2}, {"batch_size", 4}}},
                       {"checkpoint_every", 2},
                       {"seed", 3},
                       {"threads", {{"torch", 1}, {"blas", 1}}}};
        specJson = Json{
            {"version", 1},
            {"kind", "itool-run"},
            {"run_dir", (root / "run").string()},
            {"warmup", sft},
            {"train_files", {(root / "train.jsonl").string()}},
            {"eval_files", {(root / "eval.jsonl").string()}},
            {"max_tokens", 120},
            {"rounds", 1},
            {"selection", {{"fraction", 0.25}, {"max_records", 2}}},
            {"search",
             {{"simulations", 2}, {"width", 2}, {"max_new_tokens", 8}, {"batch_records", 4}}},
            {"pairs", {{"min_gap", 0.0}, {"min_chosen", -1.0}}},
            {"preference", {{"epochs", 1}}},
            {"threads", {{"torch", 1}, {"blas", 1}}}};
    }
    pipeline::RoundSpec spec() const { return pipeline::roundSpecFromJson(specJson, "spec"); }
    fs::path dir() const { return root / "run"; }
    Json readJson(const fs::path &path) const
    {
        std::ifstream in(path);
        return Json::parse(in);
    }
    std::vector<Json> lines(const fs::path &path) const
    {
        std::vector<Json> out;
        std::ifstream in(path);
        std::string line;
        while (std::getline(in, line))
            out.push_back(Json::parse(line));
        return out;
    }
    std::vector<std::int64_t> warmupSteps(const std::vector<pipeline::RoundEvent> &events) const
    {
        std::vector<std::int64_t> out;
        for (const auto &e : events)
            if (e.stage == "warmup" && e.data.value("event", "") == "step")
                out.push_back(e.done);
        return out;
    }
};

std::string fileBytes(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

class TestRunWarmup : public QObject
{
    Q_OBJECT

private slots:
    void warmupThenOneRound()
    {
        Fixture f;
        std::vector<pipeline::RoundEvent> events;
        const auto report = pipeline::runRounds(
            f.spec(), false, [&](const pipeline::RoundEvent &e) { events.push_back(e); });
        QVERIFY(!report.cancelled);
        QVERIFY(report.warmup.ran);
        QVERIFY(!report.warmup.skipped);
        QVERIFY(!report.warmup.resumedSft);
        QCOMPARE(report.warmup.startStep, std::int64_t(0));
        QCOMPARE(report.warmup.steps, std::int64_t(7));
        QCOMPARE(report.warmup.totalSteps, std::int64_t(7));
        QVERIFY(std::isfinite(report.warmup.lastLoss) && report.warmup.lastLoss > 0);
        QCOMPARE(report.warmup.modelDir, (f.dir() / "warmup" / "model").string());
        QCOMPARE(int(report.rounds.size()), 1);

        // The warm-up's own SFT folder, inside the run folder.
        for (const char *file :
             {"warmup/model/config.json", "warmup/model/model.safetensors",
              "warmup/model/tokenizer.json", "warmup/checkpoint.safetensors",
              "warmup/metrics.jsonl", "warmup/heldout.jsonl", "warmup/spec.json",
              "warmup/stage-easy/model.safetensors", "spec.json", "state.json", "metrics.jsonl",
              "eval.json", "pairs.jsonl", "workspace.db", "checkpoints/round-1/model.safetensors",
              "checkpoints/round-1/tokenizer.json", "trees/round-1/selected.json",
              "trees/round-1/pairs.jsonl", "trees/round-1/trained.json"})
            QVERIFY2(fs::exists(f.dir() / file), file);
        QCOMPARE(int(f.lines(f.dir() / "warmup" / "metrics.jsonl").size()), 7);
        // The rounds use the warm-up's tokenizer and start from its model.
        QCOMPARE(fileBytes(f.dir() / "checkpoints/round-1/tokenizer.json"),
                 fileBytes(f.dir() / "warmup/model/tokenizer.json"));
        const Json eval = f.readJson(f.dir() / "eval.json");
        QCOMPARE(eval["rounds"][0]["model"].get<std::string>(), report.warmup.modelDir);

        // spec.json holds the SFT spec that ran, pointed at the run's warmup folder.
        const Json spec = f.readJson(f.dir() / "spec.json");
        QVERIFY(!spec.contains("start_model"));
        QVERIFY(spec["warmup"].is_object());
        QCOMPARE(spec["warmup"]["run_dir"].get<std::string>(), (f.dir() / "warmup").string());
        QCOMPARE(spec["warmup"]["curriculum"].size(), std::size_t(2));
        pipeline::roundSpecFromJson(spec, "spec.json"); // and reads back
        const Json state = f.readJson(f.dir() / "state.json");
        QCOMPARE(state["warmup"].get<std::string>(), std::string("done"));
        QCOMPARE(state["completed_rounds"].get<int>(), 1);

        // The warm-up's events come first, every step of them, and go into metrics.jsonl.
        QCOMPARE(f.warmupSteps(events), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7}));
        std::size_t lastWarmup = 0, firstStart = events.size();
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (events[i].stage == "warmup")
                lastWarmup = i;
            if (events[i].stage == "start" && firstStart == events.size())
                firstStart = i;
        }
        QVERIFY(lastWarmup < firstStart);
        int stepLines = 0, finished = 0;
        for (const auto &line : f.lines(f.dir() / "metrics.jsonl")) {
            if (line["stage"] != "warmup")
                continue;
            const std::string what = line["data"]["event"].get<std::string>();
            stepLines += what == "step";
            finished += what == "finished";
            if (what == "step")
                QVERIFY(line["data"]["loss"].get<double>() > 0);
        }
        QCOMPARE(stepLines, 7);
        QCOMPARE(finished, 1);
    }

    void resumeDuringWarmupContinuesIt()
    {
        Fixture f;
        std::atomic<bool> cancel{false};
        // Stopped after step 3 (the trainer writes a checkpoint at the step boundary, as
        // Ctrl-C does; after a kill the last checkpoint_every one is left).
        auto report = pipeline::runRounds(
            f.spec(), false,
            [&](const pipeline::RoundEvent &e) {
                if (e.stage == "warmup" && e.data.value("event", "") == "step" && e.done == 3)
                    cancel = true;
            },
            &cancel);
        QVERIFY(report.cancelled);
        QVERIFY(report.warmup.cancelled);
        QCOMPARE(report.warmup.steps, std::int64_t(3));
        QVERIFY(report.rounds.empty());
        QVERIFY(fs::exists(f.dir() / "warmup" / "checkpoint.safetensors"));
        QVERIFY(!fs::exists(f.dir() / "warmup" / "model"));
        QVERIFY(!fs::exists(f.dir() / "checkpoints"));
        QCOMPARE(f.readJson(f.dir() / "state.json")["warmup"].get<std::string>(),
                 std::string("pending"));
        // A fresh start into the folder is refused; --resume it is.
        QVERIFY_THROWS_EXCEPTION(UserError, pipeline::runRounds(f.spec(), false));

        std::vector<pipeline::RoundEvent> events;
        report = pipeline::runRounds(f.spec(), true,
                                     [&](const pipeline::RoundEvent &e) { events.push_back(e); });
        QVERIFY(!report.cancelled);
        QVERIFY(report.warmup.ran);
        QVERIFY(report.warmup.resumedSft);
        QCOMPARE(report.warmup.startStep, std::int64_t(3));
        QCOMPARE(report.warmup.steps, std::int64_t(7));
        QCOMPARE(f.warmupSteps(events),
                 (std::vector<std::int64_t>{4, 5, 6, 7})); // steps 1-3 not redone
        QCOMPARE(int(report.rounds.size()), 1);
        std::vector<std::int64_t> logged;
        for (const auto &line : f.lines(f.dir() / "warmup" / "metrics.jsonl"))
            logged.push_back(line["step"].get<std::int64_t>());
        QCOMPARE(logged, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7}));
        QCOMPARE(f.readJson(f.dir() / "state.json")["warmup"].get<std::string>(),
                 std::string("done"));
        QVERIFY(fs::exists(f.dir() / "checkpoints" / "round-1" / "model.safetensors"));
    }

    void resumeWithoutWarmupCheckpointStartsItOver()
    {
        // Killed before the warm-up's first checkpoint: nothing to continue, so it starts over.
        Fixture f;
        std::atomic<bool> cancel{false};
        auto report = pipeline::runRounds(
            f.spec(), false,
            [&](const pipeline::RoundEvent &e) {
                if (e.stage == "warmup" && e.data.value("event", "") == "step" && e.done == 1)
                    cancel = true;
            },
            &cancel);
        QVERIFY(report.cancelled);
        fs::remove(f.dir() / "warmup" / "checkpoint.safetensors");
        std::vector<pipeline::RoundEvent> events;
        report = pipeline::runRounds(f.spec(), true,
                                     [&](const pipeline::RoundEvent &e) { events.push_back(e); });
        QVERIFY(!report.cancelled);
        QVERIFY(!report.warmup.resumedSft);
        QCOMPARE(report.warmup.startStep, std::int64_t(0));
        QCOMPARE(f.warmupSteps(events).size(), std::size_t(7));
        QCOMPARE(int(report.rounds.size()), 1);
    }

    void resumeAfterWarmupDoesNotRerunIt()
    {
        Fixture f;
        std::atomic<bool> cancel{false};
        auto report = pipeline::runRounds(
            f.spec(), false,
            [&](const pipeline::RoundEvent &e) {
                if (e.stage == "select")
                    cancel = true;
            },
            &cancel);
        QVERIFY(report.cancelled);
        QVERIFY(report.warmup.ran && !report.warmup.cancelled);
        QCOMPARE(f.readJson(f.dir() / "state.json")["warmup"].get<std::string>(),
                 std::string("done"));
        QCOMPARE(f.readJson(f.dir() / "state.json")["completed_rounds"].get<int>(), 0);
        const fs::path model = f.dir() / "warmup" / "model" / "model.safetensors";
        const auto modelTime = fs::last_write_time(model);
        const std::string modelBytes = fileBytes(model);
        const std::string sftMetrics = fileBytes(f.dir() / "warmup" / "metrics.jsonl");
        const auto checkpointTime
            = fs::last_write_time(f.dir() / "warmup" / "checkpoint.safetensors");

        std::vector<pipeline::RoundEvent> events;
        report = pipeline::runRounds(f.spec(), true,
                                     [&](const pipeline::RoundEvent &e) { events.push_back(e); });
        QVERIFY(!report.cancelled);
        QVERIFY(report.warmup.skipped);
        QVERIFY(!report.warmup.ran);
        QCOMPARE(report.warmup.modelDir, (f.dir() / "warmup" / "model").string());
        int warmupEvents = 0;
        for (const auto &e : events)
            if (e.stage == "warmup") {
                ++warmupEvents;
                QCOMPARE(e.data.value("event", ""), std::string("skipped"));
            }
        QCOMPARE(warmupEvents, 1);
        QVERIFY(fs::last_write_time(model) == modelTime);
        QVERIFY(fs::last_write_time(f.dir() / "warmup" / "checkpoint.safetensors")
                == checkpointTime);
        QCOMPARE(fileBytes(model), modelBytes);
        QCOMPARE(fileBytes(f.dir() / "warmup" / "metrics.jsonl"), sftMetrics);
        QCOMPARE(int(report.rounds.size()), 1);
        QCOMPARE(f.readJson(f.dir() / "state.json")["completed_rounds"].get<int>(), 1);
        QCOMPARE(f.readJson(f.dir() / "state.json")["warmup"].get<std::string>(),
                 std::string("done"));
    }

    void startModelOrWarmup_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("expected");
        QTest::newRow("both") << "both"
                              << "start_model: give start_model or warmup, not both";
        QTest::newRow("neither") << "neither"
                                 << "start_model: required: start_model";
        QTest::newRow("warmup a number") << "number"
                                         << "warmup: expected the path of an SFT spec file";
        QTest::newRow("warmup empty path") << "empty"
                                           << "warmup: expected the path of an SFT spec file";
        QTest::newRow("bad inline sft") << "bad-sft"
                                        << "spec: warmup: \"optimizer\": \"lr\": expected a number";
    }
    void startModelOrWarmup()
    {
        QFETCH(QString, change);
        QFETCH(QString, expected);
        Fixture f;
        Json j = f.specJson;
        if (change == "both")
            j["start_model"] = "some/model";
        else if (change == "neither")
            j.erase("warmup");
        else if (change == "number")
            j["warmup"] = 5;
        else if (change == "empty")
            j["warmup"] = "";
        else if (change == "bad-sft")
            j["warmup"]["optimizer"]["lr"] = "fast";
        try {
            pipeline::roundSpecFromJson(j, "spec");
            QFAIL("no error");
        } catch (const UserError &e) {
            const std::string what = e.what();
            QVERIFY2(what.find(expected.toStdString()) != std::string::npos, what.c_str());
            if (change == "both" || change == "neither")
                QVERIFY2(what.find("warmup") != std::string::npos, what.c_str());
        }
    }

    void warmupFile()
    {
        Fixture f;
        // A path is read when the spec file is read, or when the run starts.
        std::ofstream(f.root / "sft.json") << f.specJson["warmup"].dump(2);
        Json j = f.specJson;
        j["warmup"] = (f.root / "sft.json").string();
        std::ofstream(f.root / "run.json") << j.dump(2);
        auto spec = pipeline::readRoundSpec((f.root / "run.json").string());
        QVERIFY(spec.warmup.is_object());
        QCOMPARE(spec.warmup["run_dir"].get<std::string>(), (f.dir() / "warmup").string());
        const auto unread = pipeline::roundSpecFromJson(j, "spec");
        QVERIFY(unread.hasWarmup() && unread.warmup.is_null());
        QCOMPARE(pipeline::roundSpecToJson(unread)["warmup"].get<std::string>(),
                 (f.root / "sft.json").string());

        j["warmup"] = (f.root / "missing.json").string();
        std::ofstream(f.root / "run.json") << j.dump(2);
        try {
            pipeline::readRoundSpec((f.root / "run.json").string());
            QFAIL("no error");
        } catch (const UserError &e) {
            QVERIFY2(std::string(e.what()).find("cannot read the warm-up SFT spec")
                         != std::string::npos,
                     e.what());
        }
    }

    void shippedQuickRunReadsItsWarmup()
    {
        // Relative paths are relative to the current folder, as in `itool run` from the source
        // tree.
        const QString before = QDir::currentPath();
        QVERIFY(QDir::setCurrent(QStringLiteral(ITOOL_SOURCE_DIR)));
        std::string error;
        pipeline::RoundSpec spec;
        try {
            spec = pipeline::readRoundSpec("resources/specs/run-quick.json");
        } catch (const std::exception &e) {
            error = e.what();
        }
        QDir::setCurrent(before);
        QVERIFY2(error.empty(), error.c_str());
        QVERIFY(spec.startModel.empty());
        QCOMPARE(spec.warmupPath, std::string("resources/specs/sft-quick.json"));
        QCOMPARE(spec.warmup["run_dir"].get<std::string>(), std::string("runs/run-quick/warmup"));
        const auto sft = pipeline::sftSpecFromJson(spec.warmup, "warmup");
        QCOMPARE(sft.runDir, std::string("runs/run-quick/warmup"));
        QVERIFY(sft.model.maxPositionEmbeddings
                >= spec.maxTokens); // the rounds fit the warm-up model
    }
};

QTEST_APPLESS_MAIN(TestRunWarmup)
#include "tst_run_warmup.moc"
