// Counts by category, difficulty, tool and domain, on the real BFCL parallel file and a
// hand-made set.
#include "core/data/importer.h"
#include "core/data/record_stats.h"

#include "shared_datasets.h"

#include <QtTest>

using namespace itool;
using namespace itool::data;

class TestRecordStats : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { ITOOL_SKIP_WITHOUT_SHARED_DATASETS(); }

    void countsOnRealData()
    {
        ImportOptions options;
        options.answerFiles = {std::string(ITOOL_SHARED_DATASETS)
                               + "/bfcl-v4/possible_answer/BFCL_v4_parallel.json"};
        const ImportResult r = importFile(
            std::string(ITOOL_SHARED_DATASETS) + "/bfcl-v4/BFCL_v4_parallel.json", options);
        QVERIFY2(r.ok(), r.error.c_str());
        const RecordStats s = computeStats(r.records);
        QCOMPARE(s.records, 200);
        QCOMPARE(s.goldCalls, 540);
        QCOMPARE(s.byCategory.at("parallel"), 200);
        QCOMPARE(s.byCategory.at("simple"), 0); // every category is listed
        QCOMPARE(s.byDifficulty.at("unset"), 200);
        QCOMPARE(s.byDomain.at("(none)"), 200);
        std::int64_t perTool = 0;
        for (const auto &[tool, n] : s.byTool)
            perTool += n;
        QCOMPARE(perTool, s.goldCalls);
        const Json j = statsToJson(s);
        QCOMPARE(j["records"], Json(200));
        QCOMPARE(j["by_category"]["parallel"], Json(200));
        QCOMPARE(j["tools"], Json(s.byTool.size()));
        const std::string table = statsToTable(s, 5);
        QVERIFY(table.find("parallel_multiple") != std::string::npos);
        QVERIFY(table.find("more") != std::string::npos); // tools beyond the first 5
    }

    void countsDifficultyAndDomain()
    {
        std::vector<Record> records(4);
        records[0].difficulty = Difficulty::Easy;
        records[1].difficulty = Difficulty::Hard;
        records[1].difficultyByPerson = true;
        records[2].difficulty = Difficulty::Hard;
        records[0].domain = records[1].domain = "weather";
        records[2].gold.push_back(GoldCall{"f", {}});
        records[2].category = Category::Simple;
        const RecordStats s = computeStats(records);
        QCOMPARE(s.byDifficulty.at("easy"), 1);
        QCOMPARE(s.byDifficulty.at("hard"), 2);
        QCOMPARE(s.byDifficulty.at("medium"), 0);
        QCOMPARE(s.byDifficulty.at("unset"), 1);
        QCOMPARE(s.difficultyByPerson, 1);
        QCOMPARE(s.byDomain.at("weather"), 2);
        QCOMPARE(s.byDomain.at("(none)"), 2);
        QCOMPARE(s.noCallRecords, 3);
        QCOMPARE(s.byCategory.at("none"), 3);
        QCOMPARE(s.byTool.at("f"), 1);
    }
};

QTEST_APPLESS_MAIN(TestRecordStats)
#include "tst_record_stats.moc"
