// Step-wise pairs from a hand-built tree: which nodes give pairs, which thresholds drop them
// (gap, chosen value, overlap), the shared prefix, the rejected side's errors, the cap, and
// the pair JSON round trip.
#include "core/search/pair_extractor.h"

#include <QtTest>

using namespace itool;
using namespace itool::search;

namespace {

void setStats(SearchTree &t, int id, int visits, double valueSum)
{
    t.node(id).visits = visits;
    t.node(id).valueSum = valueSum;
}

// root -> [f( (0.5 over 4)   -> a=1,  (0.9 over 2) -> long text / same text with one change
//                            -> a=2,  (0.85)       -> one child only
//      -> [g( (-0.8 over 2)  -> x=1 (-0.5), x=2 (-1.0, has an error)
SearchTree handTree()
{
    SearchTree t;
    const int f = t.addNode(0, "[f(", 0.9, false);        // 1
    const int g = t.addNode(0, "[g(", 0.1, false);        // 2
    const int a1 = t.addNode(f, "a=1, ", 0.5, false);     // 3
    const int a2 = t.addNode(f, "a=2, ", 0.5, false);     // 4
    const int x1 = t.addNode(g, "x=1)]", 0.5, true);      // 5
    const int x2 = t.addNode(g, "x=2)]", 0.5, true);      // 6
    const std::string longText = "b=\"abcdefghijklmnopqrstuvwxyz01234567\")]";
    std::string changed = longText;
    changed[10] = 'Z';
    const int l1 = t.addNode(a1, longText, 0.5, true);    // 7
    const int l2 = t.addNode(a1, changed, 0.5, true);     // 8
    const int only = t.addNode(a2, "b=\"x\")]", 0.5, true); // 9
    setStats(t, 0, 6, 0.4);
    setStats(t, f, 4, 2.0);
    setStats(t, g, 2, -1.6);
    setStats(t, a1, 2, 1.8);
    setStats(t, a2, 1, 0.85);
    setStats(t, x1, 1, -0.5);
    setStats(t, x2, 1, -1.0);
    setStats(t, l1, 1, 1.0);
    setStats(t, l2, 1, 0.8);
    setStats(t, only, 1, 0.85);
    t.node(x2).errors.push_back(Json{{"kind", "value_error:others"}, {"parameter", "x"}});
    return t;
}

} // namespace

class TestPairExtractor : public QObject
{
    Q_OBJECT

private slots:
    void overlap_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<double>("expected");
        QTest::newRow("same") << "abc" << "abc" << 1.0;
        QTest::newRow("disjoint") << "abc" << "xyz" << 0.0;
        QTest::newRow("prefix") << "ab" << "abcd" << 4.0 / 6.0;
        QTest::newRow("one change") << "[f(" << "[g(" << 4.0 / 6.0;
        QTest::newRow("both empty") << "" << "" << 1.0;
        QTest::newRow("one empty") << "" << "ab" << 0.0;
    }
    void overlap()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(double, expected);
        QVERIFY(std::abs(textOverlap(a.toStdString(), b.toStdString()) - expected) < 1e-12);
    }

    void defaultsOnHandTree()
    {
        const auto tree = handTree();
        PairCounts counts;
        const auto pairs = extractPairs(tree, "rec-7", 2, "PROMPT", PairOptions{}, &counts);
        QCOMPARE(counts.candidates, 4); // root, [f(, [g(, a=1,
        QCOMPARE(counts.lowGap, 1);     // [f(: 0.9 vs 0.85
        QCOMPARE(counts.lowChosen, 1);  // [g(: best is -0.5
        QCOMPARE(counts.highOverlap, 1); // a=1,: texts 97.5 % alike
        QCOMPARE(counts.kept, 1);
        QCOMPARE(int(pairs.size()), 1);
        const auto &p = pairs[0];
        QCOMPARE(p.recordId, std::string("rec-7"));
        QCOMPARE(p.round, 2);
        QCOMPARE(p.parentNode, 0);
        QCOMPARE(p.chosenNode, 1);
        QCOMPARE(p.rejectedNode, 2);
        QCOMPARE(p.prefix, std::string());
        QCOMPARE(p.chosen, std::string("[f("));
        QCOMPARE(p.rejected, std::string("[g("));
        QCOMPARE(p.chosenValue, 0.5);
        QCOMPARE(p.rejectedValue, -0.8);
        QVERIFY(std::abs(p.gap() - 1.3) < 1e-12);
        QCOMPARE(p.chosenVisits, 4);
        QCOMPARE(p.rejectedVisits, 2);
        // errors of the rejected side's subtree
        QCOMPARE(int(p.rejectedErrors.size()), 1);
        QCOMPARE(p.rejectedErrors[0]["parameter"].get<std::string>(), std::string("x"));
        QCOMPARE(p.status, std::string("proposed"));
    }

    void relaxedThresholds()
    {
        PairOptions o;
        o.minGap = 0.01;
        o.minChosen = -1.0;
        o.maxOverlap = 1.0;
        const auto pairs = extractPairs(handTree(), "r", 1, "", o);
        QCOMPARE(int(pairs.size()), 4);
        // at [f(: prefix shared, fragments differ
        QCOMPARE(pairs[1].parentNode, 1);
        QCOMPARE(pairs[1].prefix, std::string("[f("));
        QCOMPARE(pairs[1].chosen, std::string("a=1, "));
        QCOMPARE(pairs[1].rejected, std::string("a=2, "));
        QCOMPARE(pairs[3].prefix, std::string("[f(a=1, "));
    }

    void unvisitedChildrenIgnored()
    {
        SearchTree t;
        const int a = t.addNode(0, "[f(", 1.0, false);
        t.addNode(0, "[g(", 1.0, false); // never visited
        setStats(t, a, 1, 1.0);
        PairCounts counts;
        QVERIFY(extractPairs(t, "r", 1, "", {}, &counts).empty());
        QCOMPARE(counts.candidates, 0);
    }

    void capKeepsLargestGaps()
    {
        std::vector<PreferencePair> pairs(3);
        pairs[0].chosenValue = 0.2;
        pairs[1].chosenValue = 0.5;
        pairs[2].chosenValue = 0.3;
        pairs[0].recordId = "a";
        pairs[1].recordId = "b";
        pairs[2].recordId = "c";
        capPairs(pairs, 2);
        QCOMPARE(int(pairs.size()), 2);
        QCOMPARE(pairs[0].recordId, std::string("b"));
        QCOMPARE(pairs[1].recordId, std::string("c"));
    }

    void jsonRoundTrip()
    {
        const auto pairs = extractPairs(handTree(), "rec-7", 2, "PROMPT", PairOptions{});
        const auto json = pairToJson(pairs[0]);
        const auto back = pairFromJson(Json::parse(json.dump()));
        QCOMPARE(pairToJson(back).dump(), json.dump());
        Json broken = json;
        broken.erase("chosen");
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, pairFromJson(broken));
        broken = json;
        broken["round"] = "two";
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, pairFromJson(broken));
    }
};

QTEST_APPLESS_MAIN(TestPairExtractor)
#include "tst_pair_extractor.moc"
