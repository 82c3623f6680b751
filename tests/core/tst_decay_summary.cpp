// Decay aggregation on hand-made numbers: means, sample standard deviations, min/max, the
// gain per step and per doubling; fraction subsets (nesting, sizes, seeding); metric and
// point JSON round trips; answer judging for calls and no-call records.
#include "core/common/user_error.h"
#include "core/eval/decay_fractions.h"
#include "core/eval/decay_summary.h"
#include "core/eval/evaluation.h"
#include "core/model/chat_template.h"
#include "core/pipeline/record_files.h"

#include <QtTest>

#include <cmath>

#include <set>

using namespace itool;
using namespace itool::eval;

namespace {

data::Record makeRecord(const std::string &id, data::Difficulty difficulty, bool noCall = false)
{
    data::Record r;
    r.id = id;
    r.difficulty = difficulty;
    r.tools.push_back(
        Json::parse(R"({"name":"get_weather","description":"d","parameters":{"type":"object",)"
                    R"("properties":{"city":{"type":"string"}},"required":["city"]}})"));
    r.conversation.push_back(data::Message{data::Role::User, "Weather in Paris?", {}, {}});
    if (!noCall)
        r.gold.push_back(data::GoldCall{"get_weather", {data::GoldParam{"city", {"Paris"}}}});
    r.category = noCall ? data::Category::None : data::Category::Simple;
    return r;
}

// Metrics with `correct` of 10 right; easy records are the first five.
PointMetrics metricsWith(int correct)
{
    PointMetrics m;
    for (int i = 0; i < 10; ++i) {
        const auto d = i < 5 ? data::Difficulty::Easy : data::Difficulty::Hard;
        m.add(makeRecord("r" + std::to_string(i), d), i < correct,
              i < correct ? std::vector<std::string>{}
                          : std::vector<std::string>{"value_error:string"});
    }
    return m;
}

DecayPoint point(std::size_t fi, double fraction, std::uint64_t seed, int correct)
{
    DecayPoint p;
    p.fractionIndex = fi;
    p.fraction = fraction;
    p.seed = seed;
    p.records = static_cast<std::int64_t>(fraction * 160);
    p.metrics = metricsWith(correct);
    return p;
}

} // namespace

class TestDecaySummary : public QObject
{
    Q_OBJECT
private slots:
    void subsetSizes_data()
    {
        QTest::addColumn<double>("fraction");
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("expected");
        QTest::newRow("1/16 of 100") << 1.0 / 16 << 100 << 6;
        QTest::newRow("1/16 of 10 keeps one") << 1.0 / 16 << 10 << 1;
        QTest::newRow("half of 3 rounds up") << 0.5 << 3 << 2;
        QTest::newRow("all") << 1.0 << 37 << 37;
        QTest::newRow("nothing to take") << 0.5 << 0 << 0;
    }
    void subsetSizes()
    {
        QFETCH(double, fraction);
        QFETCH(int, total);
        QFETCH(int, expected);
        QCOMPARE(int(subsetSize(fraction, std::size_t(total))), expected);
    }

    void subsetsNestAndDependOnlyOnTheSeed_data()
    {
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("seed");
        QTest::newRow("1000 records seed 1") << 1000 << 1;
        QTest::newRow("100 records seed 2") << 100 << 2;
        QTest::newRow("7 records seed 3") << 7 << 3;
        QTest::newRow("1 record") << 1 << 9;
    }
    void subsetsNestAndDependOnlyOnTheSeed()
    {
        QFETCH(int, total);
        QFETCH(int, seed);
        const auto fractions = defaultDecayFractions();
        const auto subsets = nestedSubsets(std::size_t(total), fractions, std::uint64_t(seed));
        QCOMPARE(subsets.size(), fractions.size());
        for (std::size_t i = 0; i < subsets.size(); ++i) {
            QCOMPARE(subsets[i].size(), subsetSize(fractions[i], std::size_t(total)));
            const std::set<std::size_t> unique(subsets[i].begin(), subsets[i].end());
            QCOMPARE(unique.size(), subsets[i].size());
            QVERIFY(*unique.rbegin() < std::size_t(total));
            if (i > 0) // a prefix of the next one, hence a subset of it
                QVERIFY(
                    std::equal(subsets[i - 1].begin(), subsets[i - 1].end(), subsets[i].begin()));
        }
        QCOMPARE(subsets.back().size(), std::size_t(total)); // fraction 1 is every record
        QVERIFY(nestedSubsets(std::size_t(total), fractions, std::uint64_t(seed)) == subsets);
        if (total >= 100)
            QVERIFY(nestedSubsets(std::size_t(total), fractions, std::uint64_t(seed + 1))[0]
                    != subsets[0]);
    }

    void badFractionsAreRefused_data()
    {
        QTest::addColumn<std::vector<double>>("fractions");
        QTest::newRow("empty") << std::vector<double>{};
        QTest::newRow("zero") << std::vector<double>{0.0, 1.0};
        QTest::newRow("above one") << std::vector<double>{0.5, 1.5};
        QTest::newRow("not increasing") << std::vector<double>{0.5, 0.25};
        QTest::newRow("repeated") << std::vector<double>{0.5, 0.5};
    }
    void badFractionsAreRefused()
    {
        QFETCH(std::vector<double>, fractions);
        QVERIFY_THROWS_EXCEPTION(UserError, checkFractions(fractions));
    }

    void spreadIsSampleStd()
    {
        const auto s = spreadOf({0.5, 0.5, 0.6});
        QCOMPARE(s.n, 3);
        QVERIFY(qAbs(s.mean - 0.533333333) < 1e-6);
        QVERIFY(qAbs(s.std - 0.057735027) < 1e-6);
        QCOMPARE(s.min, 0.5);
        QCOMPARE(s.max, 0.6);
        const auto one = spreadOf({0.4});
        QCOMPARE(one.std, 0.0);
        QCOMPARE(spreadOf({}).n, 0);
    }

    void gainsOnHandMadeNumbers()
    {
        // accuracy (of 10) per seed at 1/4, 1/2, 1: seed 1: 2, 4, 5; seed 2: 3, 5, 5; seed 3: 1, 3,
        // 6
        const std::vector<double> fractions{0.25, 0.5, 1.0};
        const int acc[3][3] = {{2, 4, 5}, {3, 5, 5}, {1, 3, 6}};
        std::vector<DecayPoint> points;
        for (int s = 0; s < 3; ++s)
            for (int f = 0; f < 3; ++f)
                points.push_back(point(std::size_t(f), fractions[std::size_t(f)],
                                       std::uint64_t(s + 1), acc[s][f]));
        const auto summary = summariseDecay(points, fractions);
        QCOMPARE(summary.fractions.size(), std::size_t(3));
        QVERIFY(qAbs(summary.fractions[0].accuracy.mean - 0.2) < 1e-9);
        QVERIFY(qAbs(summary.fractions[0].accuracy.std - 0.1) < 1e-9);
        QCOMPARE(summary.fractions[0].accuracy.min, 0.1);
        QCOMPARE(summary.fractions[0].accuracy.max, 0.3);
        QCOMPARE(summary.fractions[2].records, std::int64_t(160));
        // the first five records are easy: 2 right of 5 easy at seed 1 etc.
        QVERIFY(qAbs(summary.fractions[0].byDifficulty.at("easy").mean - 0.4) < 1e-9);
        QVERIFY(qAbs(summary.fractions[2].byDifficulty.at("hard").mean - (0 + 0 + 1) / 15.0)
                < 1e-9);
        QVERIFY(qAbs(summary.fractions[0].meanFragmentErrors.at("value_error:string") - 8.0)
                < 1e-9);

        QCOMPARE(summary.gains.size(), std::size_t(2));
        const auto &g1 = summary.gains[0];
        QCOMPARE(g1.gain.n, 3);
        QVERIFY(qAbs(g1.gain.mean - 0.2) < 1e-9);
        QVERIFY(qAbs(g1.gain.std) < 1e-9);
        QVERIFY(qAbs(g1.doublings - 1.0) < 1e-12);
        const auto &g2 = summary.gains[1]; // per seed +0.1, 0, +0.3
        QVERIFY(qAbs(g2.gain.mean - 0.4 / 3) < 1e-9);
        QVERIFY(qAbs(g2.gain.std - 0.152752523) < 1e-6);
        QVERIFY(qAbs(g2.gain.min - 0.0) < 1e-9);
        QVERIFY(qAbs(g2.gain.max - 0.3) < 1e-9);
        QVERIFY(qAbs(g2.gainPerDoubling.mean - g2.gain.mean) < 1e-12);
    }

    void gainPerDoublingDividesByLog2OfTheRatio()
    {
        const std::vector<double> fractions{0.25, 1.0};
        std::vector<DecayPoint> points{point(0, 0.25, 1, 2), point(1, 1.0, 1, 6)};
        const auto summary = summariseDecay(points, fractions);
        QCOMPARE(summary.gains.size(), std::size_t(1));
        QVERIFY(qAbs(summary.gains[0].doublings - 2.0) < 1e-12);
        QVERIFY(qAbs(summary.gains[0].gain.mean - 0.4) < 1e-9);
        QVERIFY(qAbs(summary.gains[0].gainPerDoubling.mean - 0.2) < 1e-9);
    }

    void gainsPairOnlySeedsPresentAtBothFractions()
    {
        const std::vector<double> fractions{0.5, 1.0};
        // seed 2 has only the small fraction (its big one not finished yet)
        std::vector<DecayPoint> points{point(0, 0.5, 1, 2), point(1, 1.0, 1, 6),
                                       point(0, 0.5, 2, 9)};
        const auto summary = summariseDecay(points, fractions);
        QCOMPARE(summary.fractions[0].accuracy.n, 2);
        QCOMPARE(summary.gains[0].gain.n, 1);
        QVERIFY(qAbs(summary.gains[0].gain.mean - 0.4) < 1e-9);
    }

    // Hand-computed: per record the verdict difference averaged over seeds, then mean ±
    // 1.96 sd / sqrt(records).
    void pairedGainAveragesSeedsPerRecord()
    {
        const auto one = pairedGain({{"0011", "0111"}});
        QCOMPARE(one.seeds, 1);
        QCOMPARE(one.records, std::int64_t(4));
        QVERIFY(qAbs(one.gain - 0.25) < 1e-12);
        QVERIFY(qAbs(one.interval.high - (0.25 + 1.959963984540054 * 0.5 / 2.0)) < 1e-12);
        const auto two = pairedGain({{"0011", "0111"}, {"0000", "1000"}});
        QCOMPARE(two.seeds, 2);
        QVERIFY(qAbs(two.gain - 0.25) < 1e-12);
        const double half = 1.959963984540054 * std::sqrt(0.25 / 3.0) / 2.0;
        QVERIFY(qAbs(two.interval.low - (0.25 - half)) < 1e-12);
        QCOMPARE(pairedGain({{"01", "011"}}).records, std::int64_t(0)); // different test sets
        QCOMPARE(pairedGain({}).records, std::int64_t(0));
    }

    void tableShowsFractionsGainsAndSpread()
    {
        const std::vector<double> fractions{0.5, 1.0};
        std::vector<DecayPoint> points{point(0, 0.5, 1, 2), point(1, 1.0, 1, 6),
                                       point(0, 0.5, 2, 4), point(1, 1.0, 2, 6)};
        const QString table = QString::fromStdString(decayTable(summariseDecay(points, fractions)));
        QVERIFY2(table.contains("1/2"), qPrintable(table));
        QVERIFY2(table.contains("30.0±14.1"), qPrintable(table)); // 0.2 and 0.4
        QVERIFY2(table.contains("1/2 -> 1"), qPrintable(table));
        QVERIFY2(table.contains("+30.0±14.1"), qPrintable(table)); // gains 0.4 and 0.2
        QVERIFY2(table.contains("easy") && table.contains("hard"), qPrintable(table));
        QCOMPARE(QString::fromStdString(fractionLabel(1.0 / 16)), QString("1/16"));
        QCOMPARE(QString::fromStdString(fractionLabel(0.3)), QString("0.3"));
    }

    void metricsAndPointsSurviveJson()
    {
        auto p = point(2, 0.25, 7, 3);
        p.steps = 40;
        p.modelDir = "run/f0.25-s7/model";
        const auto back = decayPointFromJson(Json::parse(toJson(p).dump()), "test");
        QVERIFY(back.metrics == p.metrics);
        QCOMPARE(back.key(), p.key());
        QCOMPARE(back.key(), std::string("f0.25-s7"));
        QCOMPARE(back.steps, std::int64_t(40));
        const Json j = toJson(p.metrics);
        QCOMPARE(j["accuracy"].get<double>(), 0.3);
        QCOMPARE(j["fragment_errors"]["value_error:string"].get<int>(), 7);
        QCOMPARE(j["by_difficulty"]["easy"]["correct"].get<int>(), 3);
        QVERIFY_THROWS_EXCEPTION(UserError, pointMetricsFromJson(Json{{"total", 3}}, "x"));
    }

    void answersAreJudgedByTheChecker()
    {
        const auto call = makeRecord("a", data::Difficulty::Easy);
        const auto right = judgeAnswer(call, "[get_weather(city=\"Paris\")]");
        QVERIFY(right.correct);
        QVERIFY(right.errorKinds.empty());
        QCOMPARE(right.score, 1.0);
        const auto wrong = judgeAnswer(call, "[get_weather(city=\"Rome\")]");
        QVERIFY(!wrong.correct);
        QVERIFY(!wrong.errorKinds.empty());
        QVERIFY(wrong.score < 1.0 && wrong.score > -1.0);
        QVERIFY(!judgeAnswer(call, std::string(model::kNoCallAnswer)).correct);
        const auto none = makeRecord("b", data::Difficulty::Easy, true);
        QVERIFY(judgeAnswer(none, std::string(model::kNoCallAnswer) + "\n").correct);
        const auto called = judgeAnswer(none, "[get_weather(city=\"Paris\")]");
        QVERIFY(!called.correct);
        QCOMPARE(called.errorKinds.size(), std::size_t(1));
        QCOMPARE(categoryName(none), std::string("none"));
    }

    // The evaluation is only meaningful if the template's own answer passes the checker: a
    // model that learnt the training targets perfectly must score 100 %.
    void goldAnswersOfTheDemoTestSetAreJudgedRight()
    {
        const auto records
            = pipeline::readRecordFile(std::string(ITOOL_SOURCE_DIR) + "/datasets/demo-test.jsonl");
        QVERIFY(records.size() >= 100);
        PointMetrics metrics;
        int dictMismatches = 0;
        for (const auto &r : records) {
            const std::string answer = model::renderAnswer(r);
            const auto judged = judgeAnswer(r, answer);
            const bool right = judged.correct;
            const auto &kinds = judged.errorKinds;
            metrics.add(r, right, kinds);
            // Known data issue: a few demo records give a dict parameter's gold as {"k": v}
            // where BFCL's form (which the checker follows) is {"k": [v, ...]}; the
            // template's answer for them cannot pass. Anything else is a real failure.
            if (!right && kinds.size() == 1 && kinds.front() == "value_error:dict_value") {
                ++dictMismatches;
                continue;
            }
            QVERIFY2(
                right,
                (r.id + ": " + answer + " -> " + (kinds.empty() ? "" : kinds.front())).c_str());
        }
        QCOMPARE(metrics.overall.correct + dictMismatches, metrics.overall.total);
        QVERIFY(dictMismatches * 100 <= metrics.overall.total); // at most 1 %
        QVERIFY(metrics.byCategory.count("none") && metrics.byCategory.count("parallel_multiple"));
    }
};

QTEST_APPLESS_MAIN(TestDecaySummary)
#include "tst_decay_summary.moc"
