// The SFT job end to end on a few records: spec parsing (the shipped specs, and errors that
// name the field), hold-out split, tokenizer, curriculum stages, training, prediction and
// checker-based evaluation, and --resume of a finished run.
#include "core/common/usable_cores.h"
#include "core/common/user_error.h"
#include "core/model/predictor.h"
#include "core/eval/evaluation.h"
#include "core/pipeline/record_files.h"
#include "core/pipeline/sft_job.h"
#include "core/pipeline/synthetic_training_data.h"

#include <QtTest>

#include <sched.h>
#include <set>
#include <thread>

using namespace itool;

namespace {
std::vector<data::Record> weatherRecords(int count)
{
    const char *cities[] = {"Paris", "Berlin", "Rome", "Madrid", "Oslo", "Vienna", "Lisbon", "Prague"};
    std::vector<data::Record> out;
    for (int i = 0; i < count; ++i) {
        data::Record r;
        r.id = "w-" + std::to_string(i);
        r.tools.push_back(Json::parse(R"({"name":"get_weather","description":"Weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}})"));
        const std::string city = cities[i % 8];
        r.conversation.push_back(data::Message{data::Role::User, "Weather in " + city + "?", {}, {}});
        r.gold.push_back(data::GoldCall{"get_weather", {data::GoldParam{"city", {Json(city)}}}});
        r.category = data::Category::Simple;
        r.difficulty = i % 3 == 0 ? data::Difficulty::Medium : data::Difficulty::Easy;
        out.push_back(r);
    }
    return out;
}

Json tinySpec(const QString &dir, const QString &records)
{
    return Json{{"itool_spec", "sft"},
                {"version", 1},
                {"run_dir", dir.toStdString()},
                {"data", {{"train", {records.toStdString()}}, {"max_tokens", 96}, {"holdout_percent", 20}}},
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
                {"seed", 3}};
}
} // namespace

class TestSftJob : public QObject
{
    Q_OBJECT
private slots:
    void shippedSpecsParse()
    {
        for (const char *name : {"sft-quick.json", "sft-long.json"}) {
            const auto spec = pipeline::readSftSpec(std::string(ITOOL_SOURCE_DIR) + "/resources/specs/" + name);
            QCOMPARE(spec.curriculum.size(), std::size_t(3));
            QCOMPARE(spec.curriculum[0].difficulties, std::vector<std::string>{"easy"});
            QVERIFY(spec.model.maxPositionEmbeddings >= spec.maxTokens);
        }
    }

    // A spec without "threads" leaves the split to the precision in use: float32 needs the
    // cores for OpenBLAS, bf16 for torch's own pool (oneDNN); a spec that names them wins.
    void threadsFollowThePrecisionUnlessTheSpecNamesThem()
    {
        auto j = tinySpec("/tmp/x", "/tmp/r.jsonl");
        QVERIFY(!pipeline::sftSpecFromJson(j, "spec.json").threads.has_value());
        j["threads"] = Json{{"torch", 3}};
        const auto named = pipeline::sftSpecFromJson(j, "spec.json").threads;
        QVERIFY(named.has_value());
        QCOMPARE(named->torchThreads, 3);
        QCOMPARE(named->blasThreads, 2);

        const auto fp32 = model::trainingThreads(false);
        QCOMPARE(fp32.torchThreads, 1);
        QCOMPARE(fp32.blasThreads, 2);
        const auto bf16 = model::trainingThreads(true);
        QCOMPARE(bf16.torchThreads, int(itool::usableCores()));

        // A process pinned to one core (as a container cpuset or taskset does) gets one torch
        // thread, however many cores the host has.
        cpu_set_t all;
        QCOMPARE(sched_getaffinity(0, sizeof(all), &all), 0);
        int first = 0;
        while (!CPU_ISSET(first, &all))
            ++first;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(first, &one);
        QCOMPARE(sched_setaffinity(0, sizeof(one), &one), 0);
        const unsigned pinned = itool::usableCores();
        const int pinnedThreads = model::trainingThreads(true).torchThreads;
        QCOMPARE(sched_setaffinity(0, sizeof(all), &all), 0);
        QCOMPARE(pinned, 1u);
        QCOMPARE(pinnedThreads, 1);
        QCOMPARE(itool::usableCores(), unsigned(CPU_COUNT(&all)));
    }

    void specErrorsNameTheField_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("version") << "/version" << "2" << "\"version\": this build reads version 1";
        QTest::newRow("unknown field") << "/optimiser" << "{}" << "\"optimiser\": unknown field";
        QTest::newRow("bad lr") << "/optimizer/lr" << "\"fast\"" << "\"optimizer\": \"lr\": expected a number";
        QTest::newRow("bad difficulty") << "/curriculum/0/difficulty" << "[\"trivial\"]"
                                        << "\"curriculum\"[0]: \"difficulty\": values must be";
        QTest::newRow("heads") << "/model/num_attention_heads" << "5" << "multiple of num_attention_heads";
        QTest::newRow("no data") << "/data/train" << "[]" << "\"train\": expected a non-empty list";
        QTest::newRow("synthetic exclude") << "/data/synthetic" << "{\"count\": 10, \"exclude\": \"test.jsonl\"}"
                                           << "\"synthetic\": \"exclude\": expected a list of record files";
        QTest::newRow("synthetic field") << "/data/synthetic" << "{\"records\": 10}"
                                         << "\"synthetic\": \"records\": unknown field";
        QTest::newRow("pre-tokenizer") << "/tokenizer/pre_tokenizer" << "\"bytes\""
                                       << "\"pre_tokenizer\": expected \"gpt2\" or \"separate_spaces\", got \"bytes\"";
    }

    void specErrorsNameTheField()
    {
        QFETCH(QString, pointer);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        auto j = tinySpec("/tmp/x", "/tmp/r.jsonl");
        j[Json::json_pointer(pointer.toStdString())] = Json::parse(value.toStdString());
        try {
            pipeline::sftSpecFromJson(j, "spec.json");
            QFAIL("bad spec accepted");
        } catch (const UserError &e) {
            QVERIFY2(QString(e.what()).startsWith("spec.json"), e.what());
            QVERIFY2(QString(e.what()).contains(expected), e.what());
        }
    }

    // tokenizer.pre_tokenizer reaches the tokenizer the job trains (and so its tokenizer.json).
    void preTokenizerChoiceReachesTheJobTokenizer()
    {
        auto j = tinySpec("/tmp/x", "/tmp/r.jsonl");
        QCOMPARE(pipeline::sftSpecFromJson(j, "spec.json").tokenizerPreTokenizer, model::PreTokenizer::Gpt2);
        j["tokenizer"]["pre_tokenizer"] = "separate_spaces";
        const auto spec = pipeline::sftSpecFromJson(j, "spec.json");
        QCOMPARE(spec.tokenizerPreTokenizer, model::PreTokenizer::SeparateSpaces);
        pipeline::SyntheticDataSpec synthetic;
        synthetic.count = 40;
        const auto records = pipeline::makeSyntheticTrainingData(synthetic).records;
        std::vector<const data::Record *> pointers;
        for (const auto &r : records)
            pointers.push_back(&r);
        const auto tokenizer = pipeline::trainJobTokenizer(pointers, 400, spec.tokenizerPreTokenizer);
        QCOMPARE(tokenizer.preTokenizer(), model::PreTokenizer::SeparateSpaces);
        QCOMPARE(tokenizer.encode(" Tokyo").front(), tokenizer.encode(" ").front());
    }

    void syntheticDataIsSeededSplitAndDecontaminated()
    {
        pipeline::SyntheticDataSpec spec;
        spec.count = 60;
        spec.seed = 9;
        const auto first = pipeline::makeSyntheticTrainingData(spec);
        const auto again = pipeline::makeSyntheticTrainingData(spec);
        QCOMPARE(first.records.size(), std::size_t(60));
        QCOMPARE(first.excluded, std::size_t(0));
        for (std::size_t i = 0; i < first.records.size(); ++i) {
            QCOMPARE(first.records[i].id, again.records[i].id);
            QCOMPARE(pipeline::userTurnsKey(first.records[i]), pipeline::userTurnsKey(again.records[i]));
            QVERIFY(first.records[i].difficulty != data::Difficulty::Unset);
        }

        // Exclude five of them (as if they were the evaluation records): none of their requests
        // may come back, and only records with those requests are dropped.
        QTemporaryDir dir;
        std::vector<data::Record> evaluation(first.records.begin() + 10, first.records.begin() + 15);
        const QString evalFile = dir.filePath("eval.jsonl");
        pipeline::writeRecordFile(evalFile.toStdString(), evaluation);
        spec.excludeFiles = {evalFile.toStdString()};
        const auto clean = pipeline::makeSyntheticTrainingData(spec);
        std::set<std::string> excludedKeys;
        for (const auto &r : evaluation)
            excludedKeys.insert(pipeline::userTurnsKey(r));
        std::size_t expectedDrops = 0;
        for (const auto &r : first.records)
            expectedDrops += excludedKeys.count(pipeline::userTurnsKey(r));
        QCOMPARE(clean.excluded, expectedDrops);
        QCOMPARE(clean.records.size(), first.records.size() - expectedDrops);
        for (const auto &r : clean.records)
            QVERIFY(!excludedKeys.count(pipeline::userTurnsKey(r)));
    }

    void trainsPredictsAndEvaluates()
    {
        QTemporaryDir dir;
        const QString records = dir.filePath("records.jsonl");
        pipeline::writeRecordFile(records.toStdString(), weatherRecords(40));
        const QString run = dir.filePath("run");
        const auto specJson = tinySpec(run, records);
        const auto spec = pipeline::sftSpecFromJson(specJson, "spec.json");
        const auto report = pipeline::runSftJob(spec, specJson, false);
        QCOMPARE(report.records, std::size_t(40));
        QCOMPARE(report.trainRecords + report.heldoutRecords, std::size_t(40));
        QVERIFY(report.heldoutRecords > 0);
        QCOMPARE(report.result.steps, std::int64_t(7));
        QCOMPARE(report.stageExamples.size(), std::size_t(2));
        QVERIFY(report.stageExamples[0].second < report.stageExamples[1].second); // easy only, then all
        for (const char *f : {"tokenizer.json", "heldout.jsonl", "spec.json", "metrics.jsonl", "checkpoint.safetensors",
                              "stage-easy/model.safetensors", "model/config.json", "model/tokenizer.json"})
            QVERIFY2(QFile::exists(run + "/" + f), f);
        // The held-out file holds exactly the held-out records.
        const auto heldout = pipeline::readRecordFile((run + "/heldout.jsonl").toStdString());
        QCOMPARE(heldout.size(), report.heldoutRecords);
        for (const auto &r : heldout)
            QVERIFY(pipeline::isHeldOut(r.id, 20));

        model::PredictOptions po;
        po.maxNewTokens = 12;
        const auto rows = model::predictRecords((run + "/model").toStdString(), heldout, po);
        QCOMPARE(rows.size(), heldout.size());
        std::vector<std::string> results;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            QCOMPARE(rows[i].id, heldout[i].id);
            QVERIFY(rows[i].tokens >= 1 && rows[i].tokens <= 12);
            results.push_back(rows[i].result);
        }
        const auto eval = eval::evaluateAnswers(heldout, results);
        QCOMPARE(eval.metrics.overall.total, std::int64_t(heldout.size()));
        QCOMPARE(eval.metrics.byCategory.at("simple").total, eval.metrics.overall.total);
        // A stage model predicts too (tokenizer found in the run folder).
        QCOMPARE(model::predictRecords((run + "/stage-easy").toStdString(), heldout, po).size(), heldout.size());

        // The gold answers themselves score 100 % through the same path.
        std::vector<std::string> gold(heldout.size(), "[get_weather(city=\"\")]");
        for (std::size_t i = 0; i < heldout.size(); ++i)
            gold[i] = "[get_weather(city=\"" + heldout[i].gold[0].params[0].allowed[0].get<std::string>() + "\")]";
        QCOMPARE(eval::evaluateAnswers(heldout, gold).metrics.overall.correct, std::int64_t(heldout.size()));
        QCOMPARE(eval::evaluateAnswers(heldout, std::vector<std::string>(heldout.size(), "nonsense")).metrics.overall.correct,
                 std::int64_t(0));

        // Resuming a finished run changes nothing and keeps the loss history.
        const auto again = pipeline::runSftJob(spec, specJson, true);
        QCOMPARE(again.result.losses, report.result.losses);
    }
};

QTEST_APPLESS_MAIN(TestSftJob)
#include "tst_sft_job.moc"
