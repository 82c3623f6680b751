// The tree explorer: the layout never overlaps nodes (generated trees of several hundred
// nodes, a deep chain, a wide star), the scene marks the tree's chosen / rejected siblings,
// a tree file opens with its header, a click shows the node's details, two siblings make a
// person-made pair (and two non-siblings do not), zoom and fit work.
#include "core/search/search_tree.h"
#include "ui/tree_layout.h"
#include "ui/tree_pane.h"
#include "ui/tree_scene.h"

#include <QElapsedTimer>
#include <QGraphicsEllipseItem>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <random>

using namespace itool;

namespace {

// A tree shaped like a search's: up to `width` children per node, visits and values backed up.
search::SearchTree generatedTree(int nodes, int width, unsigned seed)
{
    search::SearchTree tree;
    std::mt19937 rng(seed);
    std::vector<int> open{0};
    while (tree.size() < nodes && !open.empty()) {
        std::uniform_int_distribution<std::size_t> pick(0, open.size() - 1);
        const std::size_t k = pick(rng);
        const int parent = open[k];
        const int id = tree.addNode(parent,
                                    "step" + std::to_string(tree.size())
                                        + "(x=" + std::to_string(rng() % 100) + ")",
                                    0.5, false);
        if (int(tree.node(parent).children.size()) >= width)
            open.erase(open.begin() + std::ptrdiff_t(k));
        open.push_back(id);
    }
    std::uniform_real_distribution<double> reward(-1.0, 1.0);
    for (int i = 1; i < tree.size(); ++i)
        if (tree.node(i).children.empty()) {
            tree.node(i).terminal = true;
            const double r = reward(rng);
            tree.node(i).reward = r;
            const int times = 1 + int(rng() % 4);
            for (int t = 0; t < times; ++t)
                tree.backup(i, r);
        }
    return tree;
}

void checkLayout(const search::SearchTree &tree)
{
    const ui::TreeLayout layout = ui::layoutTree(tree);
    QCOMPARE(int(layout.nodes.size()), tree.size());
    const auto overlaps = ui::overlappingNodes(layout);
    QVERIFY2(overlaps.empty(), qPrintable(QStringLiteral("%1 overlapping pairs, first %2-%3")
                                              .arg(overlaps.size())
                                              .arg(overlaps.empty() ? -1 : overlaps[0].first)
                                              .arg(overlaps.empty() ? -1 : overlaps[0].second)));
    // brute force agrees on a sample (the sweep in overlappingNodes could be wrong itself)
    for (int a = 0; a < tree.size(); a += 7)
        for (int b = a + 1; b < tree.size(); ++b) {
            const auto &p = layout.nodes[std::size_t(a)], &q = layout.nodes[std::size_t(b)];
            const double dx = p.x - q.x, dy = p.y - q.y, r = p.radius + q.radius;
            QVERIFY(dx * dx + dy * dy >= r * r);
        }
    for (const auto &n : tree.nodes()) {
        const auto &g = layout.nodes[std::size_t(n.id)];
        QVERIFY(g.x >= 0 && g.x <= layout.width + 1e-6);
        QVERIFY(g.y >= 0 && g.y <= layout.height + 1e-6);
        if (n.parent >= 0)
            QVERIFY(g.x > layout.nodes[std::size_t(n.parent)].x); // children right of parents
    }
}

} // namespace

class TestTreePane : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void layoutHasNoOverlaps_data()
    {
        QTest::addColumn<int>("nodes");
        QTest::addColumn<int>("width");
        QTest::addColumn<unsigned>("seed");
        QTest::newRow("search-like 400") << 400 << 3 << 1u;
        QTest::newRow("search-like 800") << 800 << 4 << 2u;
        QTest::newRow("bushy 500") << 500 << 8 << 3u;
        QTest::newRow("binary 600") << 600 << 2 << 4u;
    }
    void layoutHasNoOverlaps()
    {
        QFETCH(int, nodes);
        QFETCH(int, width);
        QFETCH(unsigned, seed);
        const auto tree = generatedTree(nodes, width, seed);
        QCOMPARE(tree.size(), nodes);
        checkLayout(tree);
    }

    void layoutDegenerateShapes()
    {
        search::SearchTree chain;
        int last = 0;
        for (int i = 0; i < 300; ++i)
            last = chain.addNode(last, "x", 1.0, false);
        checkLayout(chain);
        search::SearchTree star;
        for (int i = 0; i < 300; ++i)
            star.addNode(0, "y", 1.0, true);
        checkLayout(star);
        checkLayout(search::SearchTree());
    }

    void overlapDetectorFindsOverlaps()
    {
        ui::TreeLayout l;
        l.nodes = {{0, 0, 10}, {15, 0, 10}, {100, 0, 10}};
        QCOMPARE(ui::overlappingNodes(l).size(), std::size_t(1));
    }

    void opensFileMarksPairsAndShowsDetails()
    {
        // root -> a (good), b (bad); a -> a1 terminal
        search::SearchTree t;
        const int a = t.addNode(0, "[get_weather(city=\"Paris\")]", 0.7, true);
        const int b = t.addNode(0, "[get_weather(city=\"Rome\")]", 0.2, true);
        const int c = t.addNode(0, "[get_time(", 0.1, false);
        const int c1 = t.addNode(c, "tz=\"CET\")]", 0.1, true);
        t.node(a).reward = 1.0;
        t.node(b).reward = -0.6;
        t.node(b).errors = Json::array({Json{{"kind", "value_error:string"},
                                             {"parameter", "city"},
                                             {"expected", "['Paris']"},
                                             {"got", "'Rome'"}}});
        t.backup(a, 1.0);
        t.backup(a, 1.0);
        t.backup(b, -0.6);
        t.backup(c1, 0.1);
        const QString runDir = m_dir.filePath(QStringLiteral("ws/runs/run-7/trees/round-1"));
        QVERIFY(QDir().mkpath(runDir));
        const QString file = runDir + QStringLiteral("/rec-3.json");
        {
            std::ofstream f(file.toStdString());
            f << t.toJson(Json{{"record", "rec-3"}, {"round", 1}}).dump();
        }
        ui::TreePane pane;
        pane.resize(900, 600);
        pane.setWorkspaceDir(m_dir.filePath(QStringLiteral("ws")));
        QCOMPARE(pane.treeFiles().size(), 1);
        QCOMPARE(pane.scene()->tree().size(), 5);
        // the tree's own pair: a chosen, b rejected (c's mean 0.1 lies between)
        QCOMPARE(pane.treePairs().size(), std::size_t(1));
        QVERIFY(pane.scene()->isChosen(a));
        QVERIFY(pane.scene()->isRejected(b));
        QVERIFY(!pane.scene()->isChosen(b));
        // larger visit count, larger disc
        QVERIFY(pane.scene()->nodeItem(a)->rect().width()
                > pane.scene()->nodeItem(b)->rect().width());

        pane.clickNode(b, false);
        const QString details = pane.detailsText();
        QVERIFY(details.contains(QStringLiteral("visits")));
        QVERIFY(details.contains(QStringLiteral("value_error:string")));
        QVERIFY(details.contains(QStringLiteral("Rome")));
        QVERIFY(details.contains(QStringLiteral("-0.6")));
        QVERIFY(details.contains(QStringLiteral("rejected")));
        QVERIFY(!pane.pairFromSelection());

        // b then a: b chosen by the person, a rejected
        pane.clickNode(a, true);
        const auto p = pane.pairFromSelection();
        QVERIFY(p);
        QCOMPARE(p->chosenNode, b);
        QCOMPARE(p->rejectedNode, a);
        QCOMPARE(p->parentNode, 0);
        QCOMPARE(p->recordId, std::string("rec-3"));
        QCOMPARE(p->round, 1);
        QCOMPARE(p->prefix, std::string());
        QCOMPARE(p->rejected, std::string("[get_weather(city=\"Paris\")]"));
        QSignalSpy spy(&pane, &ui::TreePane::pairRequested);
        QPushButton *make = nullptr;
        for (auto *button : pane.findChildren<QPushButton *>())
            if (button->text().startsWith(QStringLiteral("Make pair")))
                make = button;
        QVERIFY(make && make->isEnabled());
        make->click();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("run-7"));

        // a pair's nodes, as the review pane asks for them
        QVERIFY(pane.showPair(QStringLiteral("run-7"), QStringLiteral("rec-3"), 1, a, b));
        QCOMPARE(pane.selectedNodes(), (std::vector<int>{a, b}));
        QVERIFY(!pane.showPair(QStringLiteral("run-7"), QStringLiteral("nope"), 1, a, b));

        // not siblings: no pair
        pane.clickNode(c1, false);
        pane.clickNode(a, true);
        QVERIFY(!pane.pairFromSelection());
        QVERIFY(!make->isEnabled());

        // The outlines follow the pair rules the run wrote into its tree: with a gap of 2 no
        // pair of this tree passes (the gap here is 1.6).
        const QString strict = runDir + QStringLiteral("/rec-4.json");
        {
            std::ofstream f(strict.toStdString());
            f << t.toJson(Json{{"record", "rec-4"}, {"round", 1}, {"pairs", {{"min_gap", 2.0}}}}).dump();
        }
        QVERIFY(pane.openTreeFile(strict));
        QCOMPARE(pane.treePairs().size(), std::size_t(0));
        QVERIFY(!pane.scene()->isChosen(a));
    }

    void bigTreeOpensAndZooms()
    {
        const auto tree = generatedTree(500, 3, 9);
        ui::TreePane pane;
        pane.resize(1000, 700);
        pane.show();
        QElapsedTimer timer;
        timer.start();
        pane.setTree(tree, QStringLiteral("r"), QStringLiteral("big"), 1);
        QCoreApplication::processEvents();
        qInfo("500-node tree: scene built and shown in %lld ms", timer.elapsed());
        QCOMPARE(pane.scene()->tree().size(), 500);
        const double z = pane.view()->zoom();
        pane.view()->zoomBy(2.0);
        QVERIFY2(qAbs(pane.view()->zoom() - 2 * z) < 1e-6 * z, qPrintable(QStringLiteral("fit %1, after zoom %2").arg(z).arg(pane.view()->zoom())));
        QTest::keyClick(pane.view(), Qt::Key_F);
        QVERIFY(qAbs(pane.view()->zoom() - z) < 0.05 * z);
        QTest::keyClick(pane.view(), Qt::Key_Equal, Qt::ControlModifier);
        QVERIFY(pane.view()->zoom() > z * 1.2);
        QString error;
        QVERIFY(!pane.openTreeFile(m_dir.filePath(QStringLiteral("missing.json")), &error));
        QVERIFY(error.contains(QStringLiteral("missing.json")));
    }
};

QTEST_MAIN(TestTreePane)
#include "tst_tree_pane.moc"
