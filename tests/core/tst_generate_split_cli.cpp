// The itool generate and itool split commands end to end: byte-identical output for a seed,
// --json summaries, exit codes and messages for user errors, and person decisions kept.
#include "core/data/native_jsonl.h"

#include <QtTest>

#include <fstream>
#include <sstream>

using namespace itool;
using namespace itool::data;

namespace {

struct Run
{
    int code = -1;
    QString out, err;
    Json summary() const { return Json::parse(out.trimmed().split('\n').last().toStdString()); }
};

Run runItool(const QStringList &args)
{
    QProcess p;
    p.start(ITOOL_EXE, args);
    p.waitForFinished(120000);
    return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
               QString::fromUtf8(p.readAllStandardOutput()),
               QString::fromUtf8(p.readAllStandardError())};
}

std::string slurp(const QString &path)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

class TestGenerateSplitCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(name); }

    // Each itool process loads libtorch (about a second), so the runs are kept few.
    Run m_first;

private slots:
    void initTestCase()
    {
        m_first = runItool(
            {"generate", "--count", "600", "--seed", "9", "--out", path("a.jsonl"), "--json"});
        QCOMPARE(m_first.code, 0);
    }

    void generateIsByteIdenticalForASeed()
    {
        const Run b
            = runItool({"generate", "--count", "600", "--seed", "9", "--out", path("b.jsonl")});
        QCOMPARE(b.code, 0);
        QVERIFY(slurp(path("a.jsonl")) == slurp(path("b.jsonl")));
        const Json s = m_first.summary();
        QCOMPARE(s["records"].get<int>(), 600);
        int sum = 0;
        for (const auto &[k, v] : s["by_category"].items())
            sum += v.get<int>();
        QCOMPARE(sum, 600);
        std::vector<InputIssue> issues;
        QCOMPARE(readNativeJsonl(path("a.jsonl").toStdString(), issues).size(), std::size_t(600));
        QVERIFY(issues.empty());
    }

    // datasets/heldout.jsonl is exactly what datasets/README.md's command makes, and every
    // shipped spec that generates training records keeps its requests out.
    void heldOutSetIsReproducibleAndKeptApart()
    {
        const QString src = ITOOL_SOURCE_DIR;
        const Run r = runItool({"generate", "--count", "4000", "--seed", "7001", "--difficulty", "medium,hard",
                                "--exclude", src + "/datasets/demo.jsonl", "--exclude", src + "/datasets/demo-test.jsonl",
                                "--unique", "--out", path("heldout.jsonl"), "--json"});
        QCOMPARE(r.code, 0);
        QVERIFY2(slurp(path("heldout.jsonl")) == slurp(src + "/datasets/heldout.jsonl"),
                 "datasets/heldout.jsonl is stale: regenerate it (datasets/README.md)");
        const Json s = r.summary();
        QCOMPARE(s["records"].get<int>(), 2214);
        QCOMPARE(s["other_difficulty"].get<int>(), 1653);
        QCOMPARE(s["excluded"].get<int>(), 110);
        QCOMPARE(s["repeated"].get<int>(), 23);
        for (const char *spec : {"sft-quick.json", "sft-long.json", "decay-quick.json", "decay-full.json"}) {
            std::ifstream in((src + "/resources/specs/" + spec).toStdString());
            const Json j = Json::parse(in);
            const Json exclude = j["data"]["synthetic"].value("exclude", Json::array());
            QVERIFY2(std::find(exclude.begin(), exclude.end(), Json("datasets/heldout.jsonl")) != exclude.end(), spec);
        }
        for (const char *spec : {"run-quick.json", "run-long.json", "run-decay.json"}) {
            std::ifstream in((src + "/resources/specs/" + spec).toStdString());
            const Json j = Json::parse(in);
            if (j.contains("train_synthetic")) {
                const Json exclude = j["train_synthetic"].value("exclude", Json::array());
                QVERIFY2(std::find(exclude.begin(), exclude.end(), Json("datasets/heldout.jsonl")) != exclude.end(), spec);
            }
        }
    }

    void generateRejectsBadArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no count") << QStringList{"generate", "--out", "/tmp/x"}
                                  << "--count is required";
        QTest::newRow("unwritable")
            << QStringList{"generate", "--count", "3", "--out", "/no/such/dir/x.jsonl"}
            << "cannot write";
        QTest::newRow("bad difficulty")
            << QStringList{"generate", "--count", "3", "--difficulty", "medium,tough", "--out", "/tmp/x"}
            << "--difficulty takes easy, medium, hard";
        QTest::newRow("missing exclude file")
            << QStringList{"generate", "--count", "3", "--exclude", "/no/such/records.jsonl", "--out", "/tmp/x"}
            << "/no/such/records.jsonl";
    }
    void generateRejectsBadArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = runItool(args);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void splitStructuralKeepsPersonDecisions()
    {
        {
            std::ofstream o(path("over.jsonl").toStdString());
            o << R"({"id":"synth-9-1","difficulty":"hard"})"
              << "\n"
              << R"({"id":"synth-9-2","difficulty":"easy"})"
              << "\n"
              << R"({"id":"nobody","difficulty":"easy"})"
              << "\n";
        }
        const Run r = runItool({"split", "--in", path("a.jsonl"), "--overrides", path("over.jsonl"),
                                "--out", path("out.jsonl"), "--json"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains("over.jsonl:3: no record with id \"nobody\""), qPrintable(r.err));
        const Json s = r.summary();
        QCOMPARE(s["records"].get<int>(), 600);
        QCOMPARE(s["set_by_person"].get<int>(), 2);
        const Json &d = s["by_difficulty"];
        QCOMPARE(d["easy"].get<int>() + d["medium"].get<int>() + d["hard"].get<int>(), 600);
        QVERIFY(d["easy"].get<int>() > 0 && d["medium"].get<int>() > 0 && d["hard"].get<int>() > 0);
        std::vector<InputIssue> issues;
        const auto records = readNativeJsonl(path("out.jsonl").toStdString(), issues);
        QVERIFY(records[0].difficulty == Difficulty::Hard);
        QVERIFY(records[0].difficultyByPerson);
        QVERIFY(records[1].difficulty == Difficulty::Easy);
        // Splitting the split again keeps them, and structural decisions are stable.
        const Run again
            = runItool({"split", "--in", path("out.jsonl"), "--out", path("out2.jsonl"), "--json"});
        QCOMPARE(again.code, 0);
        QCOMPARE(again.summary()["changed"].get<int>(), 0);
        QVERIFY(slurp(path("out.jsonl")) == slurp(path("out2.jsonl")));
    }

    void splitUserErrors_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("perplexity without model")
            << QStringList{"--strategy", "perplexity"} << "--model DIR";
        QTest::newRow("perplexity with model")
            << QStringList{"--strategy", "perplexity", "--model", QDir::tempPath()}
            << "model loading is not available in this build";
        QTest::newRow("manual without overrides")
            << QStringList{"--strategy", "manual"} << "needs --overrides";
    }
    void splitUserErrors()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        QStringList args{"split", "--in", path("a.jsonl"), "--out", path("never.jsonl")};
        args += extra;
        const Run r = runItool(args);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFile::exists(path("never.jsonl")));
    }

    void manualAppliesOnlyOverrides()
    {
        {
            std::ofstream o(path("m-over.jsonl").toStdString());
            o << R"({"id":"synth-9-5","difficulty":"medium"})"
              << "\n";
        }
        const Run r
            = runItool({"split", "--in", path("a.jsonl"), "--strategy", "manual", "--overrides",
                        path("m-over.jsonl"), "--out", path("m-out.jsonl"), "--json"});
        QCOMPARE(r.code, 0);
        const Json d = r.summary()["by_difficulty"];
        QCOMPARE(d["medium"].get<int>(), 1);
        QCOMPARE(d["unset"].get<int>(), 599);
    }
};

QTEST_APPLESS_MAIN(TestGenerateSplitCli)
#include "tst_generate_split_cli.moc"
