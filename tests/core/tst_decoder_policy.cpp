// The decoder-backed search policy on a tiny random model with a byte tokenizer: one result
// per request with `samples` continuations, token ids and offsets that tile the text, log-probs
// of a distribution, each request's own budget (a continuation that reaches it is unfinished),
// a greedy sample equal to greedy decoding, determinism for a seed, and a search running on it.
#include "core/model/byte_tokenizer.h"
#include "core/model/bpe_tokenizer.h"
#include "core/model/chat_template.h"
#include "core/model/decoder.h"
#include "core/search/checker_reward.h"
#include "core/search/decoder_policy.h"

#include <QtTest>

using namespace itool;
using namespace itool::search;

namespace {

data::Record record(int i)
{
    data::Record r;
    r.id = "p" + std::to_string(i);
    r.tools.push_back(Json{{"name", "f"}, {"description", "d"}, {"parameters", {{"type", "object"}, {"properties", {{"a", {{"type", "integer"}}}}}}}});
    r.conversation.push_back({data::Role::User, "call f with " + std::to_string(i), {}, {}});
    data::GoldCall c;
    c.name = "f";
    c.params.push_back({"a", {Json(i)}});
    r.gold.push_back(c);
    return r;
}

model::LlamaForCausalLM tiny(std::int64_t vocab)
{
    model::ModelConfig c;
    c.vocabSize = vocab;
    c.hiddenSize = 16;
    c.intermediateSize = 32;
    c.numHiddenLayers = 1;
    c.numAttentionHeads = 2;
    c.numKeyValueHeads = 2;
    c.maxPositionEmbeddings = 256;
    model::LlamaForCausalLM m(c);
    m->initWeights(9);
    return m;
}
} // namespace

class TestDecoderPolicy : public QObject
{
    Q_OBJECT

private slots:
    void expandShapesAndDeterminism_data()
    {
        QTest::addColumn<int>("batchRows");
        QTest::newRow("batched") << 64;
        QTest::newRow("one-at-a-time") << 1;
    }
    void expandShapesAndDeterminism()
    {
        QFETCH(int, batchRows);
        torch::NoGradGuard guard;
        const auto tok = model::byteTokenizer();
        const auto r0 = record(0), r1 = record(1);
        DecoderPolicyOptions o;
        o.temperature = 1.0;
        o.maxBatchRows = batchRows;
        auto net = tiny(tok.vocabSize());
        const auto prompts = answerPrompts({&r0, &r1}, tok, 256, 8);
        DecoderPolicy policy(net, tok, prompts, o);
        ExpansionRequest first, second;
        first = {0, {}, "", 3, 1, 8, 11};
        second = {1, tok.encode("[f("), "[f(", 2, 0, 5, 12};
        const std::vector<ExpansionRequest> reqs{first, second};
        const auto a = policy.expand(reqs);
        QCOMPARE(int(a.size()), 2);
        QCOMPARE(int(a[0].size()), 3);
        QCOMPARE(int(a[1].size()), 2);
        for (std::size_t r = 0; r < a.size(); ++r)
            for (const auto &c : a[r]) {
                const std::size_t budget = std::size_t(reqs[r].maxNewTokens);
                QVERIFY(!c.logProbs.empty() && c.logProbs.size() <= budget);
                QCOMPARE(c.logProbs.size(), c.tokenEnds.size());
                QCOMPARE(c.tokens.size(), c.tokenEnds.size());
                QCOMPARE(std::size_t(c.tokenEnds.back()), c.text.size());
                std::string text;
                for (std::size_t t = 0; t < c.tokens.size(); ++t) {
                    QVERIFY(c.tokenEnds[t] >= (t ? c.tokenEnds[t - 1] : 0));
                    if (c.tokens[t] != tok.requireSpecial(model::kEnd))
                        text += tok.tokenBytes(c.tokens[t]);
                }
                QCOMPARE(text, c.text); // the ids are the text
                for (double lp : c.logProbs)
                    QVERIFY(lp <= 0.0 && std::isfinite(lp));
                // finished exactly when the end marker came within the budget
                QCOMPARE(c.finished, c.tokens.back() == tok.requireSpecial(model::kEnd));
                if (!c.finished)
                    QCOMPARE(c.tokens.size(), budget);
            }
        // The greedy sample is what greedy decoding of the same prompt gives.
        model::SamplingOptions greedy;
        greedy.maxNewTokens = 8;
        greedy.stopTokens = {tok.requireSpecial(model::kEnd)};
        const auto g = model::generate(net, {std::vector<std::int64_t>(prompts[0].begin(), prompts[0].end())}, greedy);
        QCOMPARE(a[0][0].tokens, TokenIds(g[0].tokens.begin(), g[0].tokens.end()));
        QCOMPARE(policy.decodedTokens() > 0, true);
        DecoderPolicy again(net, tok, prompts, o);
        const auto b = again.expand(reqs);
        for (std::size_t r = 0; r < a.size(); ++r)
            for (std::size_t s = 0; s < a[r].size(); ++s) {
                QCOMPARE(a[r][s].text, b[r][s].text);
                QCOMPARE(a[r][s].tokens, b[r][s].tokens);
                QCOMPARE(a[r][s].logProbs, b[r][s].logProbs);
            }
    }

    void searchOnTheModel()
    {
        torch::NoGradGuard guard;
        const auto tok = model::byteTokenizer();
        const auto r0 = record(0), r1 = record(1);
        DecoderPolicyOptions o;
        o.temperature = 1.0;
        auto net = tiny(tok.vocabSize());
        DecoderPolicy policy(net, tok, answerPrompts({&r0, &r1}, tok, 256, 10), o);
        std::vector<SearchTree> trees;
        MctsOptions mo;
        mo.seed = 3;
        mo.answerBudget = 10;
        const auto stats = runMcts({{r0.id}, {r1.id}}, policy, makeCheckerReward({&r0, &r1}), mo, trees);
        QCOMPARE(int(trees.size()), 2);
        // A random model rarely ends an answer in 10 tokens: most continuations are dropped.
        QVERIFY(stats.rollouts + stats.truncated >= 6);
        QCOMPARE(stats.sampledTokens, policy.decodedTokens());
        for (const auto &t : trees) {
            QVERIFY(t.node(0).expanded);
            for (const auto &n : t.nodes()) {
                QVERIFY(n.prior > 0.0 && n.prior <= 1.0);
                if (n.terminal) // whole answers only, each within the budget
                    QVERIFY(t.tokens(n.id).size() <= 10 && n.reward.has_value());
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestDecoderPolicy)
#include "tst_decoder_policy.moc"
