// The easy / medium / hard split: the structural rule on hand-built records, perplexity
// terciles with a stand-in scorer, overrides, and that a person's decision always stands.
#include "core/common/user_error.h"
#include "core/data/difficulty_splitter.h"
#include "core/data/response_scorer.h"

#include <QtTest>

#include <cmath>
#include <fstream>
#include <map>

using namespace itool;
using namespace itool::data;

namespace {

Json tool(const std::string &name) { return Json{{"name", name}, {"description", "d"}, {"parameters", {{"type", "object"}, {"properties", Json::object()}}}}; }

// tools: how many offered; calls: gold calls each with the given params; request: user text.
Record make(int tools, std::vector<GoldCall> gold, const std::string &request, int earlierTurns = 0)
{
    Record r;
    r.id = "r" + std::to_string(tools) + request.substr(0, 8);
    for (int i = 0; i < tools; ++i)
        r.tools.push_back(tool("t" + std::to_string(i)));
    r.conversation.push_back(Message{Role::System, "Today is Friday, November 27, 2026.", {}, {}});
    for (int i = 0; i < earlierTurns; ++i)
        r.conversation.push_back(Message{i % 2 ? Role::Assistant : Role::User, i % 2 ? "ok" : "earlier", {}, {}});
    r.conversation.push_back(Message{Role::User, request, {}, {}});
    r.gold = std::move(gold);
    return r;
}

GoldCall call(std::vector<GoldParam> params) { return GoldCall{"t0", std::move(params)}; }

// Perplexity from a table by id; NaN for ids it does not know.
class TableScorer : public ResponseScorer
{
public:
    std::map<std::string, double> table;
    int calls = 0;
    double perplexity(const Record &r) override
    {
        ++calls;
        auto it = table.find(r.id);
        return it == table.end() ? std::nan("") : it->second;
    }
};

std::string tempPath(const char *name) { return QDir::temp().filePath(QString("itool-split-%1-%2").arg(QCoreApplication::applicationPid()).arg(name)).toStdString(); }

} // namespace

class TestDifficultySplit : public QObject
{
    Q_OBJECT
private slots:
    void verbatimMatching_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("verbatim");
        QTest::newRow("string any case") << R"("Paris")" << "weather in paris?" << true;
        QTest::newRow("alias not written") << R"("New York")" << "weather in nyc?" << false;
        QTest::newRow("whole float") << "5.0" << "for 5 days" << true;
        QTest::newRow("integer") << "12" << "a dozen eggs" << false;
        QTest::newRow("decimal") << "2.5" << "2.5 kg" << true;
        QTest::newRow("converted") << "16.09" << "10 miles" << false;
        QTest::newRow("boolean") << "true" << "true story, open now" << false;
        QTest::newRow("list all written") << R"(["a@x.com","b@x.com"])" << "cc a@x.com and b@x.com" << true;
        QTest::newRow("list one missing") << R"(["a@x.com","c@x.com"])" << "cc a@x.com and b@x.com" << false;
        QTest::newRow("empty string") << R"("")" << "anything" << false;
    }
    void verbatimMatching()
    {
        QFETCH(QString, value);
        QFETCH(QString, text);
        QFETCH(bool, verbatim);
        QCOMPARE(isVerbatim(Json::parse(value.toStdString()), text.toStdString()), verbatim);
    }

    void structuralRule_data()
    {
        QTest::addColumn<int>("tools");
        QTest::addColumn<int>("calls");
        QTest::addColumn<int>("nonVerbatim");
        QTest::addColumn<int>("earlier");
        QTest::addColumn<int>("score");
        QTest::addColumn<int>("difficulty");
        // score = 2*(calls-1) + (tools-1) + 2*nonVerbatim + min(earlier, 4)
        QTest::newRow("simple verbatim") << 1 << 1 << 0 << 0 << 0 << int(Difficulty::Easy);
        QTest::newRow("simple, one derived value") << 1 << 1 << 1 << 0 << 2 << int(Difficulty::Easy);
        QTest::newRow("three candidates, one derived") << 3 << 1 << 1 << 0 << 4 << int(Difficulty::Medium);
        QTest::newRow("two calls, two derived") << 1 << 2 << 2 << 0 << 6 << int(Difficulty::Medium);
        QTest::newRow("parallel multiple") << 4 << 3 << 1 << 0 << 9 << int(Difficulty::Hard);
        QTest::newRow("long conversation") << 2 << 1 << 1 << 6 << 7 << int(Difficulty::Hard);
        QTest::newRow("no call, four tools") << 4 << 0 << 0 << 0 << 3 << int(Difficulty::Medium);
    }
    void structuralRule()
    {
        QFETCH(int, tools);
        QFETCH(int, calls);
        QFETCH(int, nonVerbatim);
        QFETCH(int, earlier);
        QFETCH(int, score);
        QFETCH(int, difficulty);
        std::string request = "please use paris and 7";
        std::vector<GoldCall> gold;
        for (int c = 0; c < calls; ++c) {
            std::vector<GoldParam> params{GoldParam{"city", {"Paris"}}, GoldParam{"unit", {"celsius", ""}}};
            if (c == 0)
                for (int n = 0; n < nonVerbatim; ++n)
                    params.push_back(GoldParam{"derived" + std::to_string(n), {Json(100 + n)}});
            gold.push_back(call(params));
        }
        const StructuralFeatures f = structuralFeatures(make(tools, gold, request, earlier));
        QCOMPARE(f.calls, calls);
        QCOMPARE(f.candidates, tools);
        QCOMPARE(f.nonVerbatim, nonVerbatim); // "celsius" is omittable: never counted
        QCOMPARE(f.score, score);
        QCOMPARE(int(structuralDifficulty(f.score)), difficulty);
    }

    void numberWordIsNotVerbatimButDigitsAre()
    {
        const GoldCall days = call({GoldParam{"days", {Json(3)}}});
        QCOMPARE(structuralFeatures(make(1, {days}, "Forecast for the next three days")).nonVerbatim, 1);
        QCOMPARE(structuralFeatures(make(1, {days}, "Forecast for the next 3 days")).nonVerbatim, 0);
        // Only user turns count: a value the assistant said is still to be derived.
        Record r = make(1, {call({GoldParam{"id", {"UA512"}}})}, "Book the cheapest one");
        r.conversation.insert(r.conversation.end() - 1, Message{Role::Assistant, "UA512 is cheapest", {}, {}});
        QCOMPARE(structuralFeatures(r).nonVerbatim, 1);
        QCOMPARE(structuralFeatures(r).extraTurns, 1);
    }

    void structuralKeepsPersonDecisions()
    {
        std::vector<Record> records{make(1, {call({GoldParam{"city", {"Paris"}}})}, "paris"),
                                    make(5, {call({GoldParam{"x", {Json(9)}}}), call({}), call({})}, "hard one")};
        records[0].difficulty = Difficulty::Hard; // a person says the "easy" one is hard
        records[0].difficultyByPerson = true;
        records[1].difficulty = Difficulty::Easy; // a stale machine decision
        const SplitSummary s = splitStructural(records);
        QVERIFY(records[0].difficulty == Difficulty::Hard);
        QVERIFY(records[0].difficultyByPerson);
        QVERIFY(records[1].difficulty == Difficulty::Hard);
        QCOMPARE(s.keptByPerson, std::uint64_t(1));
        QCOMPARE(s.changed, std::uint64_t(1));
        QCOMPARE(s.hard, std::uint64_t(2));
    }

    void perplexityTerciles()
    {
        std::vector<Record> records;
        TableScorer scorer;
        const double ppl[] = {7.5, 1.2, 9.9, 3.3, 5.0, 2.1, 8.8, 4.4, 6.1, 1.0};
        for (int i = 0; i < 10; ++i) {
            records.push_back(make(1, {}, "request " + std::to_string(i)));
            records.back().id = "p" + std::to_string(i);
            scorer.table[records.back().id] = ppl[i];
        }
        const SplitSummary s = splitByPerplexity(records, scorer);
        // sorted: 1.0 1.2 2.1 3.3 | 4.4 5.0 6.1 | 7.5 8.8 9.9
        QCOMPARE(s.easy, std::uint64_t(4));
        QCOMPARE(s.medium, std::uint64_t(3));
        QCOMPARE(s.hard, std::uint64_t(3));
        for (int i = 0; i < 10; ++i) {
            const Difficulty expected = ppl[i] < 4.0 ? Difficulty::Easy : ppl[i] < 7.0 ? Difficulty::Medium : Difficulty::Hard;
            QVERIFY(records[static_cast<std::size_t>(i)].difficulty == expected);
        }
    }

    void perplexityKeepsPersonDecisionsAndSkipsUnscorable()
    {
        std::vector<Record> records;
        TableScorer scorer;
        for (int i = 0; i < 7; ++i) {
            records.push_back(make(1, {}, "r"));
            records.back().id = "q" + std::to_string(i);
            scorer.table[records.back().id] = 10.0 - i; // q6 lowest
        }
        records[6].difficulty = Difficulty::Hard; // the lowest perplexity, but a person said hard
        records[6].difficultyByPerson = true;
        scorer.table.erase("q0"); // cannot be scored
        const SplitSummary s = splitByPerplexity(records, scorer);
        QVERIFY(records[6].difficulty == Difficulty::Hard);
        QVERIFY(records[0].difficulty == Difficulty::Unset);
        QCOMPARE(s.unscored, std::uint64_t(1));
        QCOMPARE(s.keptByPerson, std::uint64_t(1));
        QCOMPARE(scorer.calls, 6); // the person's record is not even scored
        // five scored: q5 q4 | q3 q2 | q1  -> ranks 0,1 easy; 2,3 medium; 4 hard
        QVERIFY(records[5].difficulty == Difficulty::Easy);
        QVERIFY(records[4].difficulty == Difficulty::Easy);
        QVERIFY(records[3].difficulty == Difficulty::Medium);
        QVERIFY(records[2].difficulty == Difficulty::Medium);
        QVERIFY(records[1].difficulty == Difficulty::Hard);
    }

    void perplexityFailsClearlyWithoutAModel()
    {
        auto message = [](const std::string &dir) -> std::string {
            try {
                openResponseScorer(dir);
            } catch (const UserError &e) {
                return e.what();
            }
            return "no error";
        };
        QVERIFY(message("").find("--model DIR") != std::string::npos);
        QVERIFY(message("/no/such/model/dir").find("no such folder") != std::string::npos);
        QVERIFY(message(QDir::tempPath().toStdString()).find("model loading is not available in this build") != std::string::npos);
    }

    void overridesAreReadAppliedAndWin()
    {
        const std::string path = tempPath("overrides.jsonl");
        {
            std::ofstream out(path);
            out << R"({"id":"a","difficulty":"hard"})" << "\n"
                << "not json\n"
                << R"({"id":"b","difficulty":"extreme"})" << "\n"
                << "\n"
                << R"({"id":"ghost","difficulty":"easy"})" << "\n"
                << R"({"difficulty":"easy"})" << "\n"
                << R"({"id":"b","difficulty":"medium"})" << "\n";
        }
        std::vector<InputIssue> issues;
        const auto overrides = readDifficultyOverrides(path, issues);
        QCOMPARE(overrides.size(), std::size_t(3));
        QCOMPARE(issues.size(), std::size_t(3));
        QCOMPARE(issues[0].line, std::int64_t(2));
        QCOMPARE(issues[1].line, std::int64_t(3));
        QCOMPARE(issues[2].line, std::int64_t(6));
        QVERIFY(issues[1].toString().find(path + ":3:") == 0);

        std::vector<Record> records{make(1, {call({GoldParam{"city", {"Paris"}}})}, "paris"), make(1, {}, "b"), make(1, {}, "c")};
        records[0].id = "a";
        records[1].id = "b";
        records[2].id = "c";
        issues.clear();
        const SplitSummary s = applyOverrides(records, overrides, path, issues);
        QCOMPARE(issues.size(), std::size_t(1)); // ghost
        QVERIFY(issues[0].message.find("ghost") != std::string::npos);
        QCOMPARE(s.keptByPerson, std::uint64_t(2));
        QVERIFY(records[0].difficulty == Difficulty::Hard);
        QVERIFY(records[0].difficultyByPerson);
        QVERIFY(records[1].difficulty == Difficulty::Medium);
        QVERIFY(!records[2].difficultyByPerson);
        // A strategy run afterwards changes only the record no person decided.
        splitStructural(records);
        QVERIFY(records[0].difficulty == Difficulty::Hard);
        QVERIFY(records[1].difficulty == Difficulty::Medium);
        QVERIFY(records[2].difficulty == Difficulty::Easy);
        std::remove(path.c_str());
        QVERIFY_THROWS_EXCEPTION(UserError, readDifficultyOverrides("/no/such/overrides.jsonl", issues));
    }
};

QTEST_APPLESS_MAIN(TestDifficultySplit)
#include "tst_difficulty_split.moc"
