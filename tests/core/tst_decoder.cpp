// Decoding: the KV cache gives the same tokens and log-probs as full recomputation, left
// padding in a batch does not change a row, sampling is repeatable for a seed, top-p and
// temperature pick from the right set, and generation stops on an end token.
#include "core/model/decoder.h"

#include <QtTest>

#include <cmath>

using namespace itool::model;

namespace {
LlamaForCausalLM tinyModel(std::int64_t kvHeads)
{
    ModelConfig c;
    c.vocabSize = 50;
    c.hiddenSize = 32;
    c.intermediateSize = 64;
    c.numHiddenLayers = 2;
    c.numAttentionHeads = 4;
    c.numKeyValueHeads = kvHeads;
    c.maxPositionEmbeddings = 128;
    LlamaForCausalLM m(c);
    m->initWeights(3);
    torch::NoGradGuard g;
    for (auto &[name, p] : m->namedWeights())
        if (!name.ends_with("norm.weight"))
            p.mul_(8.0); // sharper distributions: greedy choices are not near-ties
    return m;
}

const std::vector<std::vector<std::int64_t>> kPrompts = {{1, 2, 3, 4, 5, 6, 7}, {9, 8}, {11, 12, 13, 14}};
} // namespace

class TestDecoder : public QObject
{
    Q_OBJECT
private slots:
    void rowsDecodeAsIfAlone()
    {
        // Rows sampled from their own seeds, rows sharing a prompt (one prefill for both) and
        // rows dropped from the batch when they finish: each row's tokens are what it gets
        // decoded alone.
        auto m = tinyModel(2);
        SamplingOptions o;
        o.temperature = 1.0;
        o.maxNewTokens = 12;
        o.stopTokens = {3, 7};
        const std::vector<std::vector<std::int64_t>> prompts = {kPrompts[0], kPrompts[0], kPrompts[1], kPrompts[0]};
        o.rowSeeds = {11, 12, 13, 11};
        const auto together = generate(m, prompts, o);
        for (std::size_t b = 0; b < prompts.size(); ++b) {
            SamplingOptions alone = o;
            alone.rowSeeds = {o.rowSeeds[b]};
            const auto single = generate(m, {prompts[b]}, alone);
            QCOMPARE(together[b].tokens, single[0].tokens);
            QCOMPARE(together[b].stopped, single[0].stopped);
            for (std::size_t t = 0; t < single[0].logProbs.size(); ++t)
                QVERIFY(std::abs(together[b].logProbs[t] - single[0].logProbs[t]) < 1e-4);
        }
        QCOMPARE(together[0].tokens, together[3].tokens); // same prompt, same seed
        bool differs = together[0].tokens != together[1].tokens; // same prompt, another seed
        QVERIFY(differs);
    }

    void cacheEqualsRecompute_data()
    {
        QTest::addColumn<int>("kvHeads");
        QTest::newRow("multi-head") << 4;
        QTest::newRow("grouped-query") << 2;
    }

    void cacheEqualsRecompute()
    {
        QFETCH(int, kvHeads);
        auto m = tinyModel(kvHeads);
        SamplingOptions o;
        o.maxNewTokens = 20;
        const auto cached = generate(m, kPrompts, o);
        o.useCache = false;
        const auto full = generate(m, kPrompts, o);
        for (std::size_t b = 0; b < kPrompts.size(); ++b) {
            QCOMPARE(cached[b].tokens.size(), std::size_t(20));
            QCOMPARE(cached[b].tokens, full[b].tokens);
            for (std::size_t t = 0; t < 20; ++t)
                QVERIFY(std::abs(cached[b].logProbs[t] - full[b].logProbs[t]) < 1e-4);
        }
        // The output is not constant (a broken model could emit one token forever).
        std::set<std::int64_t> distinct(cached[0].tokens.begin(), cached[0].tokens.end());
        QVERIFY(distinct.size() > 1);
    }

    void paddingDoesNotChangeARow()
    {
        auto m = tinyModel(2);
        SamplingOptions o;
        o.maxNewTokens = 12;
        const auto batch = generate(m, kPrompts, o);
        for (std::size_t b = 0; b < kPrompts.size(); ++b) {
            const auto alone = generate(m, {kPrompts[b]}, o);
            QCOMPARE(alone[0].tokens, batch[b].tokens);
            for (std::size_t t = 0; t < 12; ++t)
                QVERIFY(std::abs(alone[0].logProbs[t] - batch[b].logProbs[t]) < 1e-4);
        }
    }

    void logProbsMatchTheModel()
    {
        auto m = tinyModel(4);
        SamplingOptions o;
        o.maxNewTokens = 5;
        o.temperature = 1.0;
        o.seed = 5;
        const auto g = generate(m, {kPrompts[0]}, o)[0];
        std::vector<std::int64_t> seq = kPrompts[0];
        seq.insert(seq.end(), g.tokens.begin(), g.tokens.end());
        torch::NoGradGuard ng;
        auto logp = torch::log_softmax(m->forward(torch::tensor(seq).unsqueeze(0)), -1)[0];
        for (std::size_t t = 0; t < g.tokens.size(); ++t) {
            const auto pos = static_cast<std::int64_t>(kPrompts[0].size() + t - 1);
            QVERIFY(std::abs(logp[pos][g.tokens[t]].item<double>() - g.logProbs[t]) < 1e-4);
        }
    }

    void samplingIsRepeatableForASeed()
    {
        auto m = tinyModel(4);
        SamplingOptions o;
        o.maxNewTokens = 24;
        o.temperature = 1.5;
        o.topP = 0.95;
        o.seed = 42;
        const auto a = generate(m, kPrompts, o);
        const auto b = generate(m, kPrompts, o);
        o.seed = 43;
        const auto c = generate(m, kPrompts, o);
        bool anyDiffers = false;
        for (std::size_t i = 0; i < kPrompts.size(); ++i) {
            QCOMPARE(a[i].tokens, b[i].tokens);
            QCOMPARE(a[i].logProbs, b[i].logProbs);
            anyDiffers = anyDiffers || a[i].tokens != c[i].tokens;
        }
        QVERIFY(anyDiffers);
    }

    void stopsAtEndToken()
    {
        auto m = tinyModel(4);
        SamplingOptions o;
        o.maxNewTokens = 10;
        const auto free = generate(m, {kPrompts[1]}, o)[0];
        QVERIFY(!free.stopped);
        const auto stopAt = free.tokens[3];
        const auto firstIndex = std::find(free.tokens.begin(), free.tokens.end(), stopAt) - free.tokens.begin();
        o.stopTokens = {stopAt};
        const auto stopped = generate(m, {kPrompts[1]}, o)[0];
        QVERIFY(stopped.stopped);
        QCOMPARE(stopped.tokens.size(), std::size_t(firstIndex + 1));
        QCOMPARE(stopped.tokens.back(), stopAt);
    }

    void pickTokenHonoursTopPAndTemperature()
    {
        // p = 1/7, 2/7, 4/7
        const float logits[3] = {0.f, std::log(2.f), std::log(4.f)};
        QCOMPARE(pickToken(logits, 3, 0.0, 1.0, 0.99), std::int64_t(2));
        for (double u : {0.0, 0.5, 0.999})
            QCOMPARE(pickToken(logits, 3, 1.0, 0.5, u), std::int64_t(2)); // nucleus {2}
        int counts[3] = {0, 0, 0};
        for (int i = 0; i < 6000; ++i)
            ++counts[pickToken(logits, 3, 1.0, 0.6, (i + 0.5) / 6000.0)]; // nucleus {2, 1}
        QCOMPARE(counts[0], 0);
        QCOMPARE(counts[2], 4000);
        QCOMPARE(counts[1], 2000);
        std::fill(counts, counts + 3, 0);
        for (int i = 0; i < 7000; ++i)
            ++counts[pickToken(logits, 3, 1.0, 1.0, (i + 0.5) / 7000.0)];
        QCOMPARE(counts[0], 1000);
        QCOMPARE(counts[1], 2000);
        // A high temperature flattens: token 0 gets more than its 1/7.
        std::fill(counts, counts + 3, 0);
        for (int i = 0; i < 7000; ++i)
            ++counts[pickToken(logits, 3, 100.0, 1.0, (i + 0.5) / 7000.0)];
        QVERIFY(counts[0] > 2200);
    }
};

QTEST_APPLESS_MAIN(TestDecoder)
#include "tst_decoder.moc"
