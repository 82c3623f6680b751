// The preference trainer on a tiny model: DPO starts at log 2 (reference = policy), SimPO and
// DPO training raise the chosen side over the rejected one, the run is deterministic.
#include "core/train/preference_trainer.h"

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
