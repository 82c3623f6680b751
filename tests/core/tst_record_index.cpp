// The indexed records view: chunked scans give the same rows as one scan, bad lines become
// issues with their line numbers, filters/search/sort use the summary columns, and full
// records parse lazily with the split overlay applied.
#include "core/data/native_format.h"
#include "core/data/record_index.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace itool;
using data::Difficulty;
using data::RecordFilter;
using data::RecordIndex;

namespace {

data::Record makeRecord(const std::string &id, const std::string &domain, std::vector<std::string> tools,
                        int calls, Difficulty difficulty, const std::string &question)
{
    data::Record r;
    r.id = id;
    r.domain = domain;
    for (const auto &t : tools)
        r.tools.push_back(Json{{"name", t}, {"description", "Does " + t}, {"parameters", Json::object()}});
    r.conversation.push_back({data::Role::User, question, {}, {}});
    for (int c = 0; c < calls; ++c)
        r.gold.push_back({tools.front(), {{"city", {Json("Paris")}}}});
    r.category = data::inferCategory(r);
    r.difficulty = difficulty;
    return r;
}

} // namespace

class TestRecordIndex : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string m_path;

private slots:
    void initTestCase()
    {
        m_path = m_dir.filePath("records.jsonl").toStdString();
        std::ofstream out(m_path);
        out << data::recordToJson(makeRecord("a1", "weather", {"get_weather"}, 1, Difficulty::Easy,
                                             "What is the WEATHER in Paris?")).dump() << "\n";
        out << "{not json\n";                                                 // line 2
        out << data::recordToJson(makeRecord("a2", "finance", {"get_quote", "convert"}, 2, Difficulty::Hard,
                                             "Quote ACME and convert it")).dump() << "\n";
        out << "\n";                                                          // blank: fine
        out << "[1,2]\n";                                                     // line 5
        out << "{\"tools\":[]}\n";                                            // line 6: no id
        for (int i = 0; i < 40; ++i)
            out << data::recordToJson(makeRecord("b" + std::to_string(i), i % 2 ? "weather" : "travel",
                                                 {"get_weather", "book_flight"}, 1 + i % 3,
                                                 i % 3 == 0 ? Difficulty::Medium : Difficulty::Easy,
                                                 "Trip number " + std::to_string(i))).dump() << "\n";
        out << "{\"id\":\"bad-cat\",\"category\":\"wrong\"}";                // line 47, no final newline
    }

    void chunkedScanMatchesSingleScan_data()
    {
        QTest::addColumn<qulonglong>("chunkBytes");
        QTest::newRow("one byte (one line per chunk)") << 1ull;
        QTest::newRow("1 KiB") << 1024ull;
        QTest::newRow("whole file") << (64ull << 20);
    }
    void chunkedScanMatchesSingleScan()
    {
        QFETCH(qulonglong, chunkBytes);
        RecordIndex index(m_path);
        std::vector<std::size_t> seen;
        QVERIFY(index.indexAll([&](std::size_t rows) { seen.push_back(rows); return true; }, chunkBytes));
        QVERIFY(index.complete());
        QCOMPARE(index.size(), std::size_t(42));
        QVERIFY(!seen.empty());
        QCOMPARE(seen.back(), std::size_t(42));
        QCOMPARE(QString::fromStdString(std::string(index.id(0))), QString("a1"));
        QCOMPARE(QString::fromStdString(std::string(index.id(1))), QString("a2"));
        QCOMPARE(index.line(1), std::int64_t(3));
        QCOMPARE(index.line(41), std::int64_t(46));
        QCOMPARE(index.issues().size(), std::size_t(4));
        QCOMPARE(index.issues()[0].line, std::int64_t(2));
        QCOMPARE(index.issues()[1].line, std::int64_t(5));
        QCOMPARE(index.issues()[2].line, std::int64_t(6));
        QVERIFY(QString::fromStdString(index.issues()[2].message).contains("id"));
        QCOMPARE(index.issues()[3].line, std::int64_t(47));
        QVERIFY(QString::fromStdString(index.issues()[3].message).contains("category"));
        QCOMPARE(int(index.category(1)), int(data::Category::ParallelMultiple));
        QCOMPARE(index.callCount(1), 2);
        QCOMPARE(index.tools(1).size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(index.domain(1)), QString("finance"));
        QCOMPARE(QString::fromStdString(std::string(index.preview(0))), QString("What is the WEATHER in Paris?"));
    }

    void stopsWhenAsked()
    {
        RecordIndex index(m_path);
        QVERIFY(!index.indexAll([](std::size_t) { return false; }, 1));
        QCOMPARE(index.size(), std::size_t(1));
        QVERIFY(!index.complete());
    }

    void filters()
    {
        RecordIndex index(m_path);
        index.indexAll();
        RecordFilter f;
        f.difficulty = Difficulty::Hard;
        QCOMPARE(index.filter(f), std::vector<std::uint32_t>{1});
        f = {};
        f.domain = "weather";
        QCOMPARE(index.filter(f).size(), std::size_t(21)); // a1 + 20 odd b's
        f = {};
        f.tool = "book_flight";
        QCOMPARE(index.filter(f).size(), std::size_t(40));
        f.tool = "no_such_tool";
        QVERIFY(index.filter(f).empty());
        f = {};
        f.category = data::Category::Multiple; // b's with one call and two tools
        QCOMPARE(index.filter(f).size(), std::size_t(14));
        f = {};
        f.text = "weather in PARIS"; // case-insensitive, across words of the question
        QCOMPARE(index.filter(f), std::vector<std::uint32_t>{0});
        f.text = "acme";
        QCOMPARE(index.filter(f), std::vector<std::uint32_t>{1});
        f.text = "description"; // keys and tool descriptions are not searchable text
        QVERIFY(index.filter(f).empty());
        QCOMPARE(index.filter({}).size(), index.size());
    }

    void errorTypesAndOverlay()
    {
        RecordIndex index(m_path);
        index.indexAll();
        QCOMPARE(QString::fromStdString(std::string(index.errorType(0))), QString(RecordFilter::kNoPrediction));
        index.setErrorTypes({{"a1", ""}, {"a2", "type_error:simple"}, {"b3", "type_error:simple"}});
        RecordFilter f;
        f.errorType = "type_error:simple";
        QCOMPARE(index.filter(f), (std::vector<std::uint32_t>{1, 5}));
        f.errorType = RecordFilter::kCorrect;
        QCOMPARE(index.filter(f), std::vector<std::uint32_t>{0});
        f.errorType = RecordFilter::kNoPrediction;
        QCOMPARE(index.filter(f).size(), std::size_t(39));
        QCOMPARE(index.errorTypeNames().size(), std::size_t(3));

        auto before = index.record(0);
        QCOMPARE(int(before->difficulty), int(Difficulty::Easy));
        index.setDifficulty(0, Difficulty::Hard, true);
        auto after = index.record(0);
        QCOMPARE(int(after->difficulty), int(Difficulty::Hard));
        QVERIFY(after->difficultyByPerson);
        QCOMPARE(index.difficultyCounts(index.filter({}))[3], std::size_t(2));
        QCOMPARE(index.rowOf("b7").value_or(999), std::size_t(9));
        QVERIFY(!index.rowOf("zzz"));
    }

    void sorts()
    {
        RecordIndex index(m_path);
        index.indexAll();
        auto rows = index.filter({});
        index.sortRows(rows, data::RecordColumn::Calls, false);
        QCOMPARE(index.callCount(rows.front()), 3);
        QCOMPARE(index.callCount(rows.back()), 1);
        index.sortRows(rows, data::RecordColumn::Id, true);
        QCOMPARE(QString::fromStdString(std::string(index.id(rows.front()))), QString("a1"));
    }

    void lazyRecordsMatchTheFile()
    {
        RecordIndex index(m_path);
        index.indexAll();
        index.setCacheCapacity(2);
        for (std::size_t row = 0; row < index.size(); ++row) {
            auto r = index.record(row);
            QCOMPARE(QString::fromStdString(r->id), QString::fromStdString(std::string(index.id(row))));
            QCOMPARE(static_cast<int>(r->gold.size()), index.callCount(row));
        }
    }

    void missingFileIsAUserError() { QVERIFY_THROWS_EXCEPTION(UserError, RecordIndex("/no/such/file.jsonl")); }
};

QTEST_APPLESS_MAIN(TestRecordIndex)
#include "tst_record_index.moc"
