// The uncertainty figures against published and hand-computed values: Wilson intervals
// (Newcombe 1998's worked examples), McNemar's exact p-value (binomial sums done by hand),
// Newcombe's paired-difference interval (by hand where the correlation term vanishes, plus
// the properties any such interval must have), and the comparison of two evaluations.
#include "core/eval/accuracy_statistics.h"
#include "core/eval/answer_comparison.h"
#include "core/eval/evaluation.h"

#include <QtTest>

#include <cmath>

using namespace itool;
using namespace itool::eval;

namespace {
bool near(double a, double b, double tolerance = 1e-4) { return std::abs(a - b) < tolerance; }

data::Record record(const std::string &id, data::Difficulty difficulty)
{
    data::Record r;
    r.id = id;
    r.difficulty = difficulty;
    r.tools.push_back(Json::parse(R"({"name":"f","parameters":{"type":"object","properties":{"x":{"type":"integer"}},"required":["x"]}})"));
    r.conversation.push_back(data::Message{data::Role::User, "x", {}, {}});
    r.gold.push_back(data::GoldCall{"f", {data::GoldParam{"x", {Json(1)}}}});
    return r;
}
} // namespace

class TestAccuracyStatistics : public QObject
{
    Q_OBJECT

private slots:
    void wilsonMatchesPublishedExamples_data()
    {
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("n");
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        // Newcombe (1998), "Two-sided confidence intervals for the single proportion", method 3.
        QTest::newRow("81/263") << 81 << 263 << 0.2553 << 0.3662;
        QTest::newRow("15/148") << 15 << 148 << 0.0624 << 0.1605;
        QTest::newRow("0/20") << 0 << 20 << 0.0 << 0.1611;
        QTest::newRow("1/29") << 1 << 29 << 0.0061 << 0.1718;
        // By hand: z^2 / (n + z^2) and n / (n + z^2) with z^2 = 3.841459.
        QTest::newRow("0/10") << 0 << 10 << 0.0 << 0.277533;
        QTest::newRow("10/10") << 10 << 10 << 0.722467 << 1.0;
    }
    void wilsonMatchesPublishedExamples()
    {
        QFETCH(int, k);
        QFETCH(int, n);
        QFETCH(double, low);
        QFETCH(double, high);
        const auto i = wilsonInterval(k, n);
        QVERIFY2(near(i.low, low) && near(i.high, high), qPrintable(QString("%1 %2").arg(i.low).arg(i.high)));
        const auto none = wilsonInterval(0, 0);
        QCOMPARE(none.low, 0.0);
        QCOMPARE(none.high, 1.0);
    }

    void mcnemarExact_data()
    {
        QTest::addColumn<int>("onlyA");
        QTest::addColumn<int>("onlyB");
        QTest::addColumn<double>("p");
        // 2 * P(X <= 2), X ~ Bin(11, 1/2) = 2 * (1 + 11 + 55) / 2048
        QTest::newRow("2 vs 9") << 2 << 9 << 134.0 / 2048.0;
        QTest::newRow("9 vs 2 (symmetric)") << 9 << 2 << 134.0 / 2048.0;
        QTest::newRow("0 vs 5") << 0 << 5 << 2.0 / 32.0;
        QTest::newRow("5 vs 5 (capped at 1)") << 5 << 5 << 1.0;
        QTest::newRow("no disagreement") << 0 << 0 << 1.0;
        // 2 * P(X <= 30), X ~ Bin(100, 1/2): 7.85e-5 (normal approximation gives ~7.7e-5)
        QTest::newRow("30 vs 70") << 30 << 70 << 7.8511e-5;
    }
    void mcnemarExact()
    {
        QFETCH(int, onlyA);
        QFETCH(int, onlyB);
        QFETCH(double, p);
        const double got = mcnemarExactP(onlyA, onlyB);
        QVERIFY2(std::abs(got - p) <= 1e-6 + 1e-3 * p, qPrintable(QString::number(got, 'g', 8)));
    }

    void pairedDifferenceInterval_()
    {
        // a=10 both right, c=10 only B right, n=20: no discordance the other way, and
        // ad - bc = 0, so the correlation term vanishes: the limits are
        // 0.5 - sqrt((1 - 0.838875)^2 + (0.700702 - 0.5)^2) and 0.5 + (0.5 - 0.299298).
        PairedOutcomes o{10, 0, 10, 0};
        const auto i = pairedDifferenceInterval(o);
        QVERIFY2(near(i.low, 0.242624) && near(i.high, 0.700702), qPrintable(QString("%1 %2").arg(i.low).arg(i.high)));
        // Properties: contains the estimate, within [-1, 1], mirrors when A and B swap.
        for (const PairedOutcomes &x : {PairedOutcomes{40, 3, 12, 45}, PairedOutcomes{5, 0, 0, 5},
                                        PairedOutcomes{0, 7, 1, 2}, PairedOutcomes{100, 20, 35, 845}}) {
            const auto d = pairedDifferenceInterval(x);
            const double theta = x.accuracyB() - x.accuracyA();
            QVERIFY(d.low <= theta + 1e-12 && theta <= d.high + 1e-12);
            QVERIFY(d.low >= -1.0 && d.high <= 1.0);
            const auto swapped = pairedDifferenceInterval(PairedOutcomes{x.bothRight, x.onlyB, x.onlyA, x.bothWrong});
            QVERIFY(near(swapped.low, -d.high, 1e-12) && near(swapped.high, -d.low, 1e-12));
        }
        // More records with the same shares: a narrower interval.
        const auto small = pairedDifferenceInterval(PairedOutcomes{40, 3, 12, 45});
        const auto large = pairedDifferenceInterval(PairedOutcomes{400, 30, 120, 450});
        QVERIFY(large.high - large.low < small.high - small.low);
    }

    void comparingTwoEvaluations()
    {
        const std::vector<data::Record> records{record("e1", data::Difficulty::Easy),
                                                record("m1", data::Difficulty::Medium),
                                                record("m2", data::Difficulty::Medium),
                                                record("h1", data::Difficulty::Hard)};
        // A: e1 right, m1 right, m2 wrong, h1 wrong. B: e1 wrong, m1 right, m2 right, h1 right.
        const auto a = evaluateAnswers(records, {"[f(x=1)]", "[f(x=1)]", "[f(x=2)]", "[g()]"});
        const auto b = evaluateAnswers(records, {"[f(x=3)]", "[f(x=1)]", "[f(x=1)]", "[f(x=1)]"});
        QCOMPARE(a.metrics.overall.correct, std::int64_t(2));
        QCOMPARE(b.metrics.overall.correct, std::int64_t(3));
        const auto c = compareEvaluations(records, a, b);
        QCOMPARE(c.all.outcomes.bothRight, std::int64_t(1));
        QCOMPARE(c.all.outcomes.onlyA, std::int64_t(1));
        QCOMPARE(c.all.outcomes.onlyB, std::int64_t(2));
        QCOMPARE(c.mediumAndHard.outcomes.onlyB, std::int64_t(2));
        QCOMPARE(c.mediumAndHard.outcomes.onlyA, std::int64_t(0));
        QCOMPARE(c.byDifficulty.at("easy").outcomes.onlyA, std::int64_t(1));
        QCOMPARE(c.fixed, (std::vector<std::size_t>{2, 3}));
        QCOMPARE(c.broken, (std::vector<std::size_t>{0}));
        const Json j = c.toJson(records);
        QCOMPARE(j["fixed"], Json::array({"m2", "h1"}));
        QCOMPARE(j["all"]["mcnemar_p"].get<double>(), 1.0); // 1 vs 2: 2 * P(X <= 1 | n=3) = 1
        QVERIFY(near(j["medium_and_hard"]["gain"].get<double>(), 2.0 / 3.0, 1e-12));
        QVERIFY(c.toText("A", "B").find("medium+hard") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 compareEvaluations(records, a, evaluateAnswers({records[0]}, {"x"})));
    }
};

QTEST_APPLESS_MAIN(TestAccuracyStatistics)
#include "tst_accuracy_statistics.moc"
