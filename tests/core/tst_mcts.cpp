// Tree search without a model: the PUCT formula, selection (never into an exhausted subtree),
// backup arithmetic, fragment cutting at the call grammar's boundaries and its snapping to
// token boundaries, the lockstep search with a scripted policy and the real checker as reward
// (invariants, determinism for a seed, nodes that hold exactly the sampled tokens, answers cut
// by the budget dropped and never scored), the tree JSON artifact (and reading version 1).
#include "core/search/checker_reward.h"
#include "core/search/fragment_cutter.h"
#include "core/search/mcts.h"
#include "core/search/search_tree.h"

#include <QtTest>

#include <cmath>
#include <map>
#include <set>

using namespace itool;
using namespace itool::search;

namespace {

constexpr std::int32_t kEndToken = 999;

// A token id for a piece of text (a stand-in vocabulary: the same piece, the same id).
std::int32_t pieceId(const std::string &piece)
{
    std::int32_t h = 7;
    for (unsigned char ch : piece)
        h = (h * 31 + ch) % 997;
    return h;
}

// Answers every request from a fixed list of complete responses: a candidate that extends the
// prefix is returned as its remainder, tokenised two bytes at a time from the start of the
// whole answer (so a token can span a fragment boundary, as real BPE tokens such as ", " do);
// which candidates come out depends on the request seed. With a budget below a candidate's
// length, the continuation comes back unfinished, as the decoder returns it.
class ScriptedPolicy : public SearchPolicy
{
public:
    explicit ScriptedPolicy(std::vector<std::string> answers) : m_answers(std::move(answers)) {}
    std::vector<std::vector<Continuation>> expand(const std::vector<ExpansionRequest> &requests) override
    {
        std::vector<std::vector<Continuation>> out;
        for (const auto &req : requests) {
            ++calls;
            std::vector<const std::string *> fitting;
            for (const auto &a : m_answers)
                if (a.size() > req.prefix.size() && a.compare(0, req.prefix.size(), req.prefix) == 0)
                    fitting.push_back(&a);
            std::vector<Continuation> conts;
            for (int i = 0; i < req.samples; ++i) {
                Continuation c;
                if (!fitting.empty()) {
                    const auto *pick = fitting[(req.seed / 7 + std::uint64_t(i) * 5) % fitting.size()];
                    // Tokens of the whole answer that begin at or after the prefix's end.
                    for (std::size_t b = 0; b < pick->size(); b += 2) {
                        const std::size_t e = std::min(b + 2, pick->size());
                        if (b < req.prefix.size())
                            continue;
                        if (std::int64_t(c.tokens.size()) >= req.maxNewTokens) {
                            c.finished = false;
                            break;
                        }
                        const std::string piece = pick->substr(b, e - b);
                        c.text += piece;
                        c.tokens.push_back(pieceId(piece));
                        c.tokenEnds.push_back(std::uint32_t(c.text.size()));
                        // log-prob depending on the text so priors differ
                        c.logProbs.push_back(-0.05 * double(static_cast<unsigned char>(piece[0]) % 7));
                    }
                }
                if (c.finished && std::int64_t(c.tokens.size()) < req.maxNewTokens) {
                    c.tokens.push_back(kEndToken); // end marker
                    c.tokenEnds.push_back(std::uint32_t(c.text.size()));
                    c.logProbs.push_back(-0.01);
                } else {
                    c.finished = false;
                }
                conts.push_back(std::move(c));
            }
            out.push_back(std::move(conts));
        }
        return out;
    }
    int calls = 0;

private:
    std::vector<std::string> m_answers;
};

data::Record goldRecord()
{
    data::Record r;
    r.id = "rec-1";
    r.tools.push_back(Json::parse("{\"name\":\"f\",\"description\":\"d\",\"parameters\":{\"type\":\"object\",\n        \"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"string\"}},\"required\":[\"a\",\"b\"]}}"));
    r.tools.push_back(Json::parse("{\"name\":\"g\",\"description\":\"d\",\"parameters\":{\"type\":\"object\",\n        \"properties\":{\"a\":{\"type\":\"integer\"}},\"required\":[\"a\"]}}"));
    data::GoldCall call;
    call.name = "f";
    call.params.push_back({"a", {Json(1)}});
    call.params.push_back({"b", {Json("x")}});
    r.gold.push_back(call);
    r.category = data::Category::Multiple;
    r.conversation.push_back({data::Role::User, "call f", {}, {}});
    return r;
}

const std::vector<std::string> kAnswers = {
    "[f(a=1, b=\"x\")]", "[f(a=2, b=\"x\")]", "[f(a=1, b=\"y\")]",
    "[g(a=1)]",        "[f(a=1)]",        "[f(a=1, b=\"x\", c=3)]",
};

Json runSearch(std::uint64_t seed, int *rollouts = nullptr, std::vector<SearchTree> *keep = nullptr,
               std::int64_t budget = 64, SearchStats *statsOut = nullptr)
{
    const auto record = goldRecord();
    ScriptedPolicy policy(kAnswers);
    MctsOptions options;
    options.seed = seed;
    options.answerBudget = budget;
    std::vector<SearchTree> trees;
    const auto stats = runMcts({{record.id}, {"rec-2"}}, policy, makeCheckerReward({&record, &record}), options, trees);
    if (rollouts)
        *rollouts = int(stats.rollouts);
    if (statsOut)
        *statsOut = stats;
    Json out = Json::array();
    for (const auto &t : trees)
        out.push_back(t.toJson());
    if (keep)
        *keep = trees;
    return out;
}

} // namespace

class TestMcts : public QObject
{
    Q_OBJECT

private slots:
    void puctFormula_data()
    {
        QTest::addColumn<double>("v");
        QTest::addColumn<int>("n");
        QTest::addColumn<double>("p");
        QTest::addColumn<int>("parent");
        QTest::addColumn<double>("expected");
        // Q = V/(1+N); bonus = c p sqrt(ln Np / (1+N)), c = 1
        QTest::newRow("typical") << 1.5 << 2 << 0.5 << 5 << 0.5 + 0.5 * std::sqrt(std::log(5.0) / 3.0);
        QTest::newRow("unvisited") << 0.0 << 0 << 0.8 << 3 << 0.8 * std::sqrt(std::log(3.0));
        QTest::newRow("parent-0-guard") << 0.6 << 1 << 0.9 << 0 << 0.3;
        QTest::newRow("parent-1-no-bonus") << -1.0 << 1 << 0.9 << 1 << -0.5;
        QTest::newRow("negative") << -2.0 << 3 << 0.25 << 10 << -0.5 + 0.25 * std::sqrt(std::log(10.0) / 4.0);
    }
    void puctFormula()
    {
        QFETCH(double, v);
        QFETCH(int, n);
        QFETCH(double, p);
        QFETCH(int, parent);
        QFETCH(double, expected);
        QVERIFY(std::abs(puctScore(v, n, p, parent, 1.0) - expected) < 1e-12);
        QVERIFY(std::isfinite(puctScore(v, n, p, parent, 1.0)));
    }

    void selectionFollowsFormula()
    {
        SearchTree t;
        const int a = t.addNode(0, "[f(", 0.9, false);
        const int b = t.addNode(0, "[g(", 0.1, false);
        t.node(0).expanded = true;
        t.node(0).visits = 4;
        // a: Q = 0.2/3, bonus 0.9 sqrt(ln4/3); b: Q = 0.6/2, bonus 0.1 sqrt(ln4/2)
        t.node(a).visits = 2;
        t.node(a).valueSum = 0.2;
        t.node(b).visits = 1;
        t.node(b).valueSum = 0.6;
        const double sa = 0.2 / 3 + 0.9 * std::sqrt(std::log(4.0) / 3);
        const double sb = 0.3 + 0.1 * std::sqrt(std::log(4.0) / 2);
        QCOMPARE(t.select(1.0), sa > sb ? a : b);
        // With no exploration the higher Q wins.
        QCOMPARE(t.select(0.0), b);
        // Descends through expanded nodes only, and never into a finished answer.
        const int b1 = t.addNode(b, "a=1", 0.5, false);
        t.markExpanded(b);
        QCOMPARE(t.select(0.0), b1);
        const int b2 = t.addNode(b, "a=2)]", 0.5, true);
        t.node(b2).visits = 5;
        t.node(b2).valueSum = 5.0; // the best child by far, but terminal: exhausted
        QVERIFY(t.node(b2).exhausted);
        QCOMPARE(t.select(0.0), b1);
        // Once every child below b is exhausted, b is too, and selection goes to a.
        t.markExpanded(b1);
        QVERIFY(t.node(b1).exhausted && t.node(b).exhausted && !t.node(0).exhausted);
        QCOMPARE(t.select(0.0), a);
        t.markExpanded(a);
        QVERIFY(t.node(0).exhausted);
        QCOMPARE(t.select(0.0), -1);
    }

    void backupArithmetic()
    {
        SearchTree t;
        const int a = t.addNode(0, "[f(", 1.0, false);
        const int a1 = t.addNode(a, "a=1", 1.0, false);
        const int a2 = t.addNode(a1, ")]", 1.0, true);
        const int b = t.addNode(0, "[g(", 1.0, false);
        t.backup(a2, 0.5);
        t.backup(a2, -1.0);
        t.backup(b, 0.25);
        for (int n : {a, a1, a2}) {
            QCOMPARE(t.node(n).visits, 2);
            QCOMPARE(t.node(n).valueSum, -0.5);
            QCOMPARE(t.node(n).meanValue(), -0.25);
        }
        QCOMPARE(t.node(0).visits, 3);
        QCOMPARE(t.node(0).valueSum, -0.25);
        QCOMPARE(t.node(b).visits, 1);
        QCOMPARE(t.node(b).valueSum, 0.25);
        QCOMPARE(t.text(a2), std::string("[f(a=1)]"));
        QCOMPARE(t.node(a2).depth, 3);
    }

    void fragmentCutting_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("fragments");
        QTest::newRow("two calls") << "[f(a=1, b=\"x\"), g(c=[1, 2])]"
                                   << QStringList{"[f(", "a=1, ", "b=\"x\"", "), g(", "c=[1, 2]", ")]"};
        QTest::newRow("no arguments") << "[f()]" << QStringList{"[f(", ")]"};
        QTest::newRow("quoted separators") << "[f(q=\"a=b), c\")]" << QStringList{"[f(", "q=\"a=b), c\"", ")]"};
        QTest::newRow("dotted name") << "[math.factorial(number=5)]"
                                     << QStringList{"[math.factorial(", "number=5", ")]"};
        QTest::newRow("partial (lexical)") << "[f(a=1, b=\"x" << QStringList{"[f(", "a=1, ", "b=\"x"};
        QTest::newRow("nested dict (lexical)") << "[f(d={\"k\": 1}, e=2" << QStringList{"[f(", "d={\"k\": 1}, ", "e=2"};
        QTest::newRow("plain text") << "No tool fits this request." << QStringList{"No tool fits this request."};
    }
    void fragmentCutting()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, fragments);
        const auto got = cutContinuation("", text.toStdString());
        QStringList gotList;
        for (const auto &g : got)
            gotList << QString::fromStdString(g);
        QCOMPARE(gotList, fragments);
    }

    void cutAfterPrefix()
    {
        const auto got = cutContinuation("[f(", "a=1, b=\"x\")]");
        QCOMPARE(got, (std::vector<std::string>{"a=1, ", "b=\"x\"", ")]"}));
    }

    void fragmentsSnapToTokens()
    {
        // "[f(a=1, b=2)]" cut by the grammar into "[f(", "a=1, ", "b=2", ")]"; tokens "[f",
        // "(a" (spans the first cut), "=1", ", " , "b=", "2)" (spans the last), "]", end.
        Continuation c;
        c.text = "[f(a=1, b=2)]";
        const std::vector<std::string> pieces = {"[f", "(a", "=1", ", ", "b=", "2)", "]", ""};
        std::uint32_t at = 0;
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            at += std::uint32_t(pieces[i].size());
            c.tokens.push_back(i + 1 == pieces.size() ? kEndToken : pieceId(pieces[i]));
            c.tokenEnds.push_back(at);
            c.logProbs.push_back(-0.1 * double(i + 1));
        }
        const auto f = tokenFragments("", c);
        // Each cut moves to the nearest token boundary: "(a" and "2)" straddle a cut with one
        // byte on each side and go to the later fragment; the cut before "b" is a boundary.
        QCOMPARE(int(f.size()), 4);
        QCOMPARE(f[0].text, std::string("[f"));
        QCOMPARE(f[1].text, std::string("(a=1, "));
        QCOMPARE(f[2].text, std::string("b="));
        QCOMPARE(f[3].text, std::string("2)]"));
        QCOMPARE(f[1].tokens, (TokenIds{pieceId("(a"), pieceId("=1"), pieceId(", ")}));
        QCOMPARE(f[3].tokens, (TokenIds{pieceId("2)"), pieceId("]"), kEndToken})); // the end marker with the last
        // Together the fragments hold every sampled token, in order, and the whole text.
        TokenIds all;
        std::string text;
        for (const auto &x : f) {
            all.insert(all.end(), x.tokens.begin(), x.tokens.end());
            text += x.text;
        }
        QCOMPARE(all, c.tokens);
        QCOMPARE(text, c.text);
        // Priors: exp(mean log-prob of the fragment's own tokens).
        QVERIFY(std::abs(f[0].prior - std::exp(-0.1)) < 1e-12);
        QVERIFY(std::abs(f[3].prior - std::exp((-0.6 - 0.7 - 0.8) / 3)) < 1e-12);
        // A token with more bytes on one side of a cut goes there: " b" after "1," (cut at b).
        Continuation d;
        d.text = "[f(a=1, bb=2)]";
        const std::vector<std::string> dp = {"[f(", "a=", "1,", " bb", "=2", ")]", ""};
        at = 0;
        for (std::size_t i = 0; i < dp.size(); ++i) {
            at += std::uint32_t(dp[i].size());
            d.tokens.push_back(i + 1 == dp.size() ? kEndToken : pieceId(dp[i]));
            d.tokenEnds.push_back(at);
            d.logProbs.push_back(-0.1);
        }
        const auto g = tokenFragments("", d);
        QCOMPARE(int(g.size()), 4);
        QCOMPARE(g[1].text, std::string("a=1,"));
        QCOMPARE(g[2].text, std::string(" bb=2"));
    }

    void checkerRewardScores()
    {
        const auto r = goldRecord();
        QCOMPARE(checkerReward(r, "[f(a=1, b=\"x\")]").score, 1.0);
        const auto wrong = checkerReward(r, "[f(a=2, b=\"x\")]");
        QVERIFY(wrong.score < 1.0 && wrong.score > -1.0);
        QVERIFY(!wrong.errors.empty());
        QVERIFY(wrong.errors[0].contains("begin"));
        QCOMPARE(checkerReward(r, "[f(a=").score, -1.0);
        data::Record none = r;
        none.gold.clear();
        QCOMPARE(checkerReward(none, "No tool fits this request.").score, 1.0);
        QCOMPARE(checkerReward(none, "[f(a=1)]").score, -1.0);
    }

    void searchInvariants()
    {
        int rollouts = 0;
        std::vector<SearchTree> trees;
        runSearch(11, &rollouts, &trees);
        // two trees x at most 5 simulations of 3 rollouts; a tree stops early once nothing is
        // left to sample, but never re-scores a finished answer
        QVERIFY(rollouts >= 2 * 3 && rollouts <= 2 * 5 * 3);
        QCOMPARE(rollouts % 3, 0);
        QCOMPARE(trees[0].node(0).visits + trees[1].node(0).visits, rollouts);
        for (const auto &t : trees) {
            QVERIFY(t.node(0).expanded);
            double rewardSum = 0.0;
            for (const auto &n : t.nodes()) {
                QVERIFY(n.depth <= 3);
                if (n.terminal) {
                    QVERIFY(n.reward.has_value());
                    rewardSum += *n.reward * 0; // per-visit sums are checked below
                }
                // N(node) = sum of children's N + evaluations ending here
                int childVisits = 0;
                double childValue = 0.0;
                for (int c : n.children) {
                    childVisits += t.node(c).visits;
                    childValue += t.node(c).valueSum;
                }
                if (!n.terminal) {
                    QCOMPARE(n.visits, childVisits);
                    QVERIFY(std::abs(n.valueSum - childValue) < 1e-9);
                } else {
                    QVERIFY(std::abs(n.valueSum - n.visits * *n.reward) < 1e-9);
                }
                // every complete response is one of the scripted answers, and its nodes hold
                // exactly the tokens the policy sampled for it, end marker last
                if (n.terminal) {
                    const std::string text = t.text(n.id);
                    QVERIFY(std::find(kAnswers.begin(), kAnswers.end(), text) != kAnswers.end());
                    TokenIds sampled;
                    for (std::size_t b = 0; b < text.size(); b += 2)
                        sampled.push_back(pieceId(text.substr(b, 2)));
                    sampled.push_back(kEndToken);
                    QCOMPARE(t.tokens(n.id), sampled);
                }
                if (n.id > 0)
                    QVERIFY(!n.tokens.empty());
            }
            (void)rewardSum;
            QVERIFY(t.size() > 4);
            // the root was expanded into distinct siblings
            std::set<std::string> texts;
            for (int c : t.node(0).children)
                QVERIFY(texts.insert(t.node(c).fragment).second);
        }
    }

    void truncatedAnswersAreDropped()
    {
        // The shortest answers, "[f(a=1)]" and "[g(a=1)]", are 4 tokens and the end marker: a
        // budget of 4 holds no answer whole.
        SearchStats stats;
        std::vector<SearchTree> trees;
        int rollouts = 0;
        runSearch(11, &rollouts, &trees, 4, &stats);
        QCOMPARE(rollouts, 0);
        QVERIFY(stats.truncated > 0);
        for (const auto &t : trees)
            for (const auto &n : t.nodes()) {
                QVERIFY(!n.terminal);
                QVERIFY(!n.reward.has_value());
            }
        // With one more token the short answers fit: they are scored, the long ones dropped.
        runSearch(11, &rollouts, &trees, 5, &stats);
        QVERIFY(rollouts > 0 && stats.truncated > 0);
        for (const auto &t : trees)
            for (const auto &n : t.nodes())
                if (n.terminal)
                    QVERIFY(t.tokens(n.id).size() <= 5);
    }

    void deterministicForSeed()
    {
        const auto a = runSearch(3);
        const auto b = runSearch(3);
        QCOMPARE(a.dump(), b.dump());
        bool differs = false;
        for (std::uint64_t s = 4; s < 10 && !differs; ++s)
            differs = runSearch(s).dump() != a.dump();
        QVERIFY(differs);
    }

    void treeJsonRoundTrip()
    {
        std::vector<SearchTree> trees;
        runSearch(5, nullptr, &trees);
        const Json meta{{"record", "rec-1"}, {"round", 2}};
        const auto json = trees[0].toJson(meta);
        QCOMPARE(json["format"].get<std::string>(), std::string("itool-tree"));
        QCOMPARE(json["round"].get<int>(), 2);
        QCOMPARE(json["columns"].size(), json["nodes"][0].size());
        const auto back = SearchTree::fromJson(Json::parse(json.dump()));
        QCOMPARE(back.toJson(meta).dump(), json.dump());
        QCOMPARE(back.node(0).children, trees[0].node(0).children);
        Json broken = json;
        broken["nodes"][1][1] = 5; // parent after child
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, SearchTree::fromJson(broken));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, SearchTree::fromJson(Json::object()));
        // The tokens travel with the nodes; a version-1 file (no tokens column) still reads.
        QCOMPARE(back.tokens(back.size() - 1), trees[0].tokens(trees[0].size() - 1));
        Json v1 = json;
        v1["version"] = 1;
        for (auto &row : v1["nodes"])
            row.erase(row.size() - 1);
        const auto old = SearchTree::fromJson(v1);
        QCOMPARE(old.size(), trees[0].size());
        QVERIFY(old.node(old.size() - 1).tokens.empty());
        QCOMPARE(old.node(0).exhausted, trees[0].node(0).exhausted);
    }
};

QTEST_APPLESS_MAIN(TestMcts)
#include "tst_mcts.moc"
