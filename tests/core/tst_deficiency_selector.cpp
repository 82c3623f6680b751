// Deficiency selection arithmetic with made-up scores: top fraction per group (tool-calling
// and not), rounding up, ties, non-finite scores, failure mode.
#include "core/search/deficiency_selector.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace itool::search;

class TestDeficiencySelector : public QObject
{
    Q_OBJECT

private slots:
    void topFractionPerGroup()
    {
        // calls: indices 0..6 (7 records) -> ceil(0.3 * 7) = 3 kept: the 3 highest perplexities
        // no calls: indices 7..9 (3 records) -> ceil(0.9) = 1 kept
        const std::vector<DeficiencyScore> s{
            {0, true, 1.5}, {1, true, 9.0}, {2, true, 3.0}, {3, true, 7.0}, {4, true, 2.0},
            {5, true, 7.0}, {6, true, 1.1}, {7, false, 50.0}, {8, false, 80.0}, {9, false, 1.0}};
        QCOMPARE(selectTopFraction(s, 0.3), (std::vector<std::size_t>{1, 3, 5, 8}));
        // a single ranking would have taken 8, 7, 1: the split keeps tool-calling records in
        QCOMPARE(selectTopFraction(s, 1.0).size(), std::size_t(10));
        QVERIFY(selectTopFraction(s, 0.0).empty());
    }

    void tiesGoToLowerIndex()
    {
        const std::vector<DeficiencyScore> s{{4, true, 2.0}, {2, true, 2.0}, {9, true, 2.0}, {1, true, 1.0}};
        QCOMPARE(selectTopFraction(s, 0.5), (std::vector<std::size_t>{2, 4}));
    }

    void nonFiniteIgnored()
    {
        const std::vector<DeficiencyScore> s{{0, true, std::numeric_limits<double>::quiet_NaN()},
                                             {1, true, 4.0}, {2, true, 3.0}};
        QCOMPARE(selectTopFraction(s, 0.5), (std::vector<std::size_t>{1}));
    }

    void failures()
    {
        const std::vector<DeficiencyScore> s{{0, true, 0.0}, {1, true, 1.0}, {2, false, 0.5},
                                             {3, true, 0.25}, {4, true, 0.0}, {5, true, 0.75}};
        QCOMPARE(selectFailures(s, 1.0), (std::vector<std::size_t>{1, 2, 3, 5}));
        // ceil(0.3 * 6) = 2: the two highest failure rates
        QCOMPARE(selectFailures(s, 0.3), (std::vector<std::size_t>{1, 5}));
    }

    void frontierScores()
    {
        // Always right or always wrong (greedy and all 4 samples): nothing to prefer.
        QCOMPARE(frontierScore(true, 4, 4), -1.0);
        QCOMPARE(frontierScore(false, 0, 4), -1.0);
        // Greedy wrong: 1 + the share of samples right (the nearest to being fixed first).
        QCOMPARE(frontierScore(false, 3, 4), 1.75);
        QCOMPARE(frontierScore(false, 1, 4), 1.25);
        // Greedy right: 1 - the share of samples right (below every greedy-wrong record).
        QCOMPARE(frontierScore(true, 1, 4), 0.75);
        QCOMPARE(frontierScore(true, 0, 4), 1.0);
        QVERIFY(frontierScore(true, 0, 4) < frontierScore(false, 1, 4));
    }

    void frontierSelection()
    {
        const std::vector<DeficiencyScore> s{{0, true, frontierScore(true, 4, 4)},  {1, true, frontierScore(false, 1, 4)},
                                             {2, true, frontierScore(true, 2, 4)},  {3, true, frontierScore(false, 0, 4)},
                                             {4, false, frontierScore(false, 3, 4)}, {5, true, frontierScore(true, 3, 4)}};
        // The frontier: 1, 2, 4, 5 (0 always right, 3 always wrong).
        QCOMPARE(selectFrontier(s, 1.0), (std::vector<std::size_t>{1, 2, 4, 5}));
        // ceil(0.3 * 6) = 2: the two greedy-wrong records, 4 (3 of 4 samples right) and 1.
        QCOMPARE(selectFrontier(s, 0.3), (std::vector<std::size_t>{1, 4}));
        QCOMPARE(selectFrontier(s, 0.5), (std::vector<std::size_t>{1, 2, 4})); // then 2 (2 of 4) before 5 (3 of 4)
    }
};

QTEST_APPLESS_MAIN(TestDeficiencySelector)
#include "tst_deficiency_selector.moc"
