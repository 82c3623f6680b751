// The preference trainer on a tiny model: DPO starts at log 2 (reference = policy), SimPO and
// DPO training raise the chosen side over the rejected one, the run is deterministic; the
// sequence scores equal a full-vocabulary computation; a fixed step budget cycles through the
// pairs with a warm-up then cosine learning rate (checked against hand-computed values); two
// data-parallel workers give the losses of one; the chosen-side NLL term holds the chosen
// answers' likelihood up; per-epoch statistics.
#include "core/train/preference_trainer.h"

#include "core/model/threading.h"

#include <QtTest>

#include <cmath>

using namespace itool;
using namespace itool::train;

namespace {
model::LlamaForCausalLM tinyModel()
{
    model::ModelConfig c;
    c.vocabSize = 20;
    c.hiddenSize = 16;
    c.intermediateSize = 32;
    c.numHiddenLayers = 1;
    c.numAttentionHeads = 2;
    c.numKeyValueHeads = 2;
    c.maxPositionEmbeddings = 32;
    model::LlamaForCausalLM m(c);
    m->initWeights(3);
    return m;
}

std::vector<PreferenceExample> pairs()
{
    return {{{1, 2, 3}, {5, 6}, {7, 8}},
            {{1, 2, 4}, {5, 9}, {7}},
            {{1, 3, 3, 2}, {6}, {8, 8, 8}},
            {{2, 2}, {5, 6, 10}, {11, 12}}};
}
} // namespace

class TestPreferenceTrainer : public QObject
{
    Q_OBJECT

private slots:
    void dpoStartsAtLog2()
    {
        PreferenceTrainOptions o;
        o.loss = defaultPreferenceOptions(PreferenceLossKind::DPO);
        const auto s = evaluatePreferences(tinyModel(), pairs(), o);
        QVERIFY(std::abs(s.loss - std::log(2.0)) < 1e-6);
        QVERIFY(std::abs(s.margin) < 1e-6);
    }

    void trainingSeparatesSides_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("simpo") << int(PreferenceLossKind::SimPO);
        QTest::newRow("dpo") << int(PreferenceLossKind::DPO);
        QTest::newRow("orpo") << int(PreferenceLossKind::ORPO);
    }
    void trainingSeparatesSides()
    {
        QFETCH(int, kind);
        PreferenceTrainOptions o;
        o.loss = defaultPreferenceOptions(PreferenceLossKind(kind));
        o.lr = 1e-2;
        o.epochs = 25;
        o.batchPairs = 2;
        auto m = tinyModel();
        const auto before = evaluatePreferences(m, pairs(), o);
        const auto r = trainPreferences(m, pairs(), o);
        QCOMPARE(int(r.steps.size()), 50);
        QVERIFY2(r.lastEpochLoss < r.firstEpochLoss,
                 qPrintable(QString("%1 -> %2").arg(r.firstEpochLoss).arg(r.lastEpochLoss)));
        // For SimPO the implicit rewards are the policy's own: the margin must grow.
        if (PreferenceLossKind(kind) != PreferenceLossKind::DPO) {
            PreferenceTrainOptions eval = o;
            const auto after = evaluatePreferences(m, pairs(), eval);
            QVERIFY(after.margin > before.margin);
            QCOMPARE(after.accuracy, 1.0);
        } else {
            QCOMPARE(r.lastEpochAccuracy, 1.0);
        }
    }

    void deterministic()
    {
        PreferenceTrainOptions o;
        o.lr = 5e-3;
        o.epochs = 3;
        o.batchPairs = 3;
        const auto a = trainPreferences(tinyModel(), pairs(), o);
        const auto b = trainPreferences(tinyModel(), pairs(), o);
        QCOMPARE(a.steps.size(), b.steps.size());
        for (std::size_t i = 0; i < a.steps.size(); ++i)
            QCOMPARE(a.steps[i].loss, b.steps[i].loss);
    }

    void scoresEqualTheFullComputation()
    {
        // SimPO's loss on one pair, recomputed from the full logits with tokenLogProbs.
        PreferenceTrainOptions o;
        o.loss = defaultPreferenceOptions(PreferenceLossKind::SimPO);
        auto m = tinyModel();
        const auto p = pairs()[0];
        const auto got = evaluatePreferences(m, {p}, o);
        torch::NoGradGuard guard;
        auto side = [&](const std::vector<std::int32_t> &resp) {
            std::vector<std::int64_t> ids(p.prompt.begin(), p.prompt.end());
            ids.insert(ids.end(), resp.begin(), resp.end());
            const auto t = torch::tensor(ids, torch::kLong).unsqueeze(0);
            const auto T = t.size(1);
            const auto lp = tokenLogProbs(m->forward(t.slice(1, 0, T - 1)), t.slice(1, 1, T));
            return lp.slice(1, std::int64_t(p.prompt.size()) - 1).mean().item<double>();
        };
        const double z = 2.5 * (side(p.chosen) - side(p.rejected)) - 0.5;
        const double expected = std::log1p(std::exp(-z));
        QVERIFY2(std::abs(got.loss - expected) < 1e-5, qPrintable(QString("%1 vs %2").arg(got.loss).arg(expected)));
    }

    void fixedStepsWithWarmupAndCosine()
    {
        PreferenceTrainOptions o;
        o.lr = 1e-3;
        o.minLrRatio = 0.1;
        o.warmupRatio = 0.1;
        o.steps = 7;
        o.batchPairs = 2; // 4 pairs: 2 steps a pass, so 7 steps are 3.5 passes
        QCOMPARE(preferenceSteps(4, o), std::int64_t(7));
        std::vector<int> epochsSeen;
        PreferenceCallbacks cb;
        cb.onEpoch = [&](const PreferenceEpoch &e) { epochsSeen.push_back(e.epoch); };
        const auto r = trainPreferences(tinyModel(), pairs(), o, cb);
        QCOMPARE(int(r.steps.size()), 7);
        QCOMPARE(epochsSeen, (std::vector<int>{0, 1, 2, 3}));
        QCOMPARE(r.epochs.back().pairs, std::int64_t(2)); // the last pass stopped half way
        // Warm-up of ceil(0.1 * 7) = 1 step at the peak, then cosine to 0.1 x peak:
        // step s (0-based) >= 1 has lr = peak (0.1 + 0.9 * 0.5 (1 + cos(pi (s - 1) / 6))).
        const double expected[] = {1e-3, 1e-3, 0.939711e-3, 0.775000e-3, 0.550000e-3, 0.325000e-3, 0.160289e-3};
        for (int s = 0; s < 7; ++s)
            QVERIFY2(std::abs(r.steps[std::size_t(s)].lr - expected[s]) < 1e-8,
                     qPrintable(QString("step %1: %2").arg(s).arg(r.steps[std::size_t(s)].lr)));
        // Without steps, the epochs decide: 3 epochs of 2 steps.
        o.steps = 0;
        o.epochs = 3;
        QCOMPARE(preferenceSteps(4, o), std::int64_t(6));
    }

    void workersGiveTheSameLosses()
    {
        PreferenceTrainOptions o;
        o.lr = 5e-3;
        o.epochs = 3;
        o.batchPairs = 4;
        o.chosenNllWeight = 0.5;
        model::applyThreadSettings({1, 1, 1});
        o.workers = 1;
        const auto one = trainPreferences(tinyModel(), pairs(), o);
        o.workers = 2;
        const auto two = trainPreferences(tinyModel(), pairs(), o);
        QCOMPARE(one.steps.size(), two.steps.size());
        for (std::size_t i = 0; i < one.steps.size(); ++i)
            QVERIFY2(std::abs(one.steps[i].loss - two.steps[i].loss) <= 1e-5 * std::abs(one.steps[i].loss) + 1e-7,
                     qPrintable(QString("step %1: %2 vs %3").arg(i).arg(one.steps[i].loss).arg(two.steps[i].loss)));
    }

    void chosenNllHoldsTheChosenSide()
    {
        // SimPO alone may raise the margin by pushing both sides down; the NLL term keeps the
        // chosen side likely: after the same steps its NLL is lower with the term.
        PreferenceTrainOptions o;
        o.lr = 1e-2;
        o.epochs = 20;
        o.batchPairs = 4;
        const auto without = trainPreferences(tinyModel(), pairs(), o);
        o.chosenNllWeight = 1.0;
        const auto with = trainPreferences(tinyModel(), pairs(), o);
        QVERIFY2(with.epochs.back().chosenNll < without.epochs.back().chosenNll,
                 qPrintable(QString("%1 vs %2").arg(with.epochs.back().chosenNll).arg(without.epochs.back().chosenNll)));
        QCOMPARE(int(with.epochs.size()), 20);
        for (const auto &e : with.epochs) {
            QCOMPARE(e.pairs, std::int64_t(4));
            QVERIFY(e.accuracy >= 0.0 && e.accuracy <= 1.0);
        }
    }

    void cancelStops()
    {
        std::atomic<bool> cancel{true};
        PreferenceTrainOptions o;
        const auto r = trainPreferences(tinyModel(), pairs(), o, {}, &cancel);
        QVERIFY(r.cancelled);
        QVERIFY(r.steps.empty());
    }
};

QTEST_APPLESS_MAIN(TestPreferenceTrainer)
#include "tst_preference_trainer.moc"
