// The decoder-backed search policy on a tiny random model with a byte tokenizer: one result
// per request with `samples` continuations, token offsets that tile the text, log-probs of a
// distribution, determinism for a seed, and a search running on it.
#include "core/model/bpe_tokenizer.h"
#include "core/model/chat_template.h"
#include "core/search/checker_reward.h"
#include "core/search/decoder_policy.h"

#include <QtTest>

using namespace itool;
using namespace itool::search;

namespace {
model::BpeTokenizer byteTokenizer()
{
    std::vector<std::string> tokens;
    std::vector<bool> special;
    for (int b = 0; b < 256; ++b) {
        tokens.emplace_back(1, char(b));
        special.push_back(false);
    }
    for (auto s : {model::kBos, model::kSystem, model::kUser, model::kAssistant, model::kTool, model::kTools,
                   model::kEnd}) {
        tokens.emplace_back(s);
        special.push_back(true);
    }
    return model::BpeTokenizer(tokens, special, {});
}

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
        const auto tok = byteTokenizer();
        const auto r0 = record(0), r1 = record(1);
        DecoderPolicyOptions o;
        o.maxNewTokens = 8;
        o.temperature = 1.0;
        o.maxBatchRows = batchRows;
        auto net = tiny(tok.vocabSize());
        DecoderPolicy policy(net, tok, {&r0, &r1}, o);
        const std::vector<ExpansionRequest> reqs{{0, "", 3, 11}, {1, "[f(", 2, 12}};
        const auto a = policy.expand(reqs);
        QCOMPARE(int(a.size()), 2);
        QCOMPARE(int(a[0].size()), 3);
        QCOMPARE(int(a[1].size()), 2);
        for (const auto &row : a)
            for (const auto &c : row) {
                QVERIFY(!c.logProbs.empty() && c.logProbs.size() <= 8);
                QCOMPARE(c.logProbs.size(), c.tokenEnds.size());
                QCOMPARE(std::size_t(c.tokenEnds.back()), c.text.size());
                for (std::size_t t = 1; t < c.tokenEnds.size(); ++t)
                    QVERIFY(c.tokenEnds[t] >= c.tokenEnds[t - 1]);
                for (double lp : c.logProbs)
                    QVERIFY(lp <= 0.0 && std::isfinite(lp));
                QCOMPARE(c.finished, c.logProbs.size() < 8 || c.text.size() < 8);
            }
        QCOMPARE(policy.decodedTokens() > 0, true);
        DecoderPolicy again(net, tok, {&r0, &r1}, o);
        const auto b = again.expand(reqs);
        for (std::size_t r = 0; r < a.size(); ++r)
            for (std::size_t s = 0; s < a[r].size(); ++s) {
                QCOMPARE(a[r][s].text, b[r][s].text);
                QCOMPARE(a[r][s].logProbs, b[r][s].logProbs);
            }
    }

    void searchOnTheModel()
    {
        torch::NoGradGuard guard;
        const auto tok = byteTokenizer();
        const auto r0 = record(0), r1 = record(1);
        DecoderPolicyOptions o;
        o.maxNewTokens = 10;
        o.temperature = 1.0;
        auto net = tiny(tok.vocabSize());
        DecoderPolicy policy(net, tok, {&r0, &r1}, o);
        std::vector<SearchTree> trees;
        MctsOptions mo;
        mo.seed = 3;
        const auto stats = runMcts({{r0.id}, {r1.id}}, policy, makeCheckerReward({&r0, &r1}), mo, trees);
        QCOMPARE(int(trees.size()), 2);
        QVERIFY(stats.rollouts >= 6);
        QCOMPARE(stats.sampledTokens, policy.decodedTokens());
        for (const auto &t : trees) {
            QVERIFY(t.node(0).expanded);
            QVERIFY(t.size() >= 2);
            for (const auto &n : t.nodes())
                QVERIFY(n.prior > 0.0 && n.prior <= 1.0);
        }
    }
};

QTEST_APPLESS_MAIN(TestDecoderPolicy)
#include "tst_decoder_policy.moc"
