// Preference losses: values against numbers computed by hand from the published formulas,
// masking, and autograd gradients against central finite differences (double precision).
#include "core/train/preference_loss.h"

#include <QtTest>

#include <cmath>

using namespace itool::train;

namespace {

torch::Tensor row(std::initializer_list<double> v)
{
    return torch::tensor(std::vector<double>(v), torch::kDouble).unsqueeze(0);
}

// The whole chain the trainer uses: logits -> token log-probs -> masked sums -> loss.
torch::Tensor lossFromLogits(const torch::Tensor &logits, const torch::Tensor &refLogits, const torch::Tensor &targets,
                             const torch::Tensor &mask, const PreferenceLossOptions &options)
{
    // Rows 0..B-1 are chosen, B..2B-1 rejected.
    const auto b = logits.size(0) / 2;
    auto lp = tokenLogProbs(logits, targets);
    auto rlp = tokenLogProbs(refLogits, targets);
    auto c = sequenceLogProbs(lp.slice(0, 0, b), mask.slice(0, 0, b));
    auto r = sequenceLogProbs(lp.slice(0, b), mask.slice(0, b));
    auto rc = sequenceLogProbs(rlp.slice(0, 0, b), mask.slice(0, 0, b));
    auto rr = sequenceLogProbs(rlp.slice(0, b), mask.slice(0, b));
    return preferenceLoss(c, r, &rc, &rr, options).loss;
}

} // namespace

class TestPreferenceLoss : public QObject
{
    Q_OBJECT

private slots:
    void handValues_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("expected");
        // chosen tokens [-1, -2] (sum -3, mean -1.5) ... see handValues for the tensors.
        QTest::newRow("simpo") << int(PreferenceLossKind::SimPO) << 0.1269280110429725;
        QTest::newRow("dpo") << int(PreferenceLossKind::DPO) << 0.6209570477895321;
        QTest::newRow("ipo") << int(PreferenceLossKind::IPO) << 12.25;
        QTest::newRow("orpo") << int(PreferenceLossKind::ORPO) << 1.0238183026413827;
    }
    void handValues()
    {
        QFETCH(int, kind);
        QFETCH(double, expected);
        const auto k = PreferenceLossKind(kind);
        auto options = defaultPreferenceOptions(k);
        // Third position is padding: a huge value there must not count.
        const auto mask2 = row({1, 1, 0});
        SequenceLogProbs c, r, rc, rr;
        if (k == PreferenceLossKind::SimPO || k == PreferenceLossKind::ORPO) {
            // means: chosen -1, rejected -2.
            // SimPO: -log sigmoid(2.5 * 1 - 0.5) = log(1 + e^-2).
            // ORPO: -(-1) - 0.1 log sigmoid(lo(-1) - lo(-2)), lo(x) = x - log(1 - e^x).
            c = sequenceLogProbs(row({-0.5, -1.5, -99}), mask2);
            r = sequenceLogProbs(row({-2, -2, -2}), row({1, 1, 1}));
        } else {
            // sums: chosen -3 (ref -4), rejected -5 (ref -4.5): h = 1 - (-0.5) = 1.5.
            // DPO: -log sigmoid(0.1 * 1.5); IPO: (1.5 - 1/(2*0.1))^2 = 12.25.
            c = sequenceLogProbs(row({-1, -2, -99}), mask2);
            rc = sequenceLogProbs(row({-2, -2, -99}), mask2);
            r = sequenceLogProbs(row({-2, -3, -99}), mask2);
            rr = sequenceLogProbs(row({-2.5, -2, -99}), mask2);
        }
        const auto result = preferenceLoss(c, r, &rc, &rr, options);
        QVERIFY2(std::abs(result.loss.item<double>() - expected) < 1e-12,
                 qPrintable(QString::number(result.loss.item<double>(), 'g', 17)));
        QCOMPARE(result.accuracy(), 1.0);
        QVERIFY(result.margin() > 0.0);
    }

    void simpoHandValueSwapped()
    {
        // Preferring the worse side: -log sigmoid(2.5 * (-1) - 0.5) = log(1 + e^3).
        auto c = sequenceLogProbs(row({-2, -2}), row({1, 1}));
        auto r = sequenceLogProbs(row({-1, -1}), row({1, 1}));
        const auto result = preferenceLoss(c, r, nullptr, nullptr, {});
        QVERIFY(std::abs(result.loss.item<double>() - std::log1p(std::exp(3.0))) < 1e-12);
        QCOMPARE(result.accuracy(), 0.0);
        QVERIFY(std::abs(result.margin() - (-2.5)) < 1e-12);
    }

    void dpoNeedsReference()
    {
        auto c = sequenceLogProbs(row({-1}), row({1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 preferenceLoss(c, c, nullptr, nullptr, defaultPreferenceOptions(PreferenceLossKind::DPO)));
    }

    void parseNames()
    {
        QCOMPARE(preferenceLossFromString("dpo"), std::optional(PreferenceLossKind::DPO));
        QCOMPARE(preferenceLossFromString("orpo"), std::optional(PreferenceLossKind::ORPO));
        QVERIFY(!preferenceLossFromString("kto"));
    }

    void gradientMatchesFiniteDifferences_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("normalised");
        QTest::newRow("simpo") << int(PreferenceLossKind::SimPO) << true;
        QTest::newRow("simpo-sum") << int(PreferenceLossKind::SimPO) << false;
        QTest::newRow("dpo") << int(PreferenceLossKind::DPO) << false;
        QTest::newRow("ipo") << int(PreferenceLossKind::IPO) << false;
        QTest::newRow("orpo") << int(PreferenceLossKind::ORPO) << true;
    }
    void gradientMatchesFiniteDifferences()
    {
        QFETCH(int, kind);
        QFETCH(bool, normalised);
        auto options = defaultPreferenceOptions(PreferenceLossKind(kind));
        options.lengthNormalised = normalised;
        torch::manual_seed(7);
        const auto opts = torch::TensorOptions().dtype(torch::kDouble);
        // 2 pairs -> 4 sequences of 3 positions over a 5-token vocabulary.
        auto logits = torch::randn({4, 3, 5}, opts).requires_grad_(true);
        const auto refLogits = torch::randn({4, 3, 5}, opts);
        const auto targets = torch::tensor({0, 3, 1, 4, 2, 2, 1, 1, 0, 3, 4, 2}, torch::kLong).view({4, 3});
        const auto mask = torch::tensor({1., 1., 0., 1., 1., 1., 1., 0., 0., 1., 1., 1.}, opts).view({4, 3});

        auto loss = lossFromLogits(logits, refLogits, targets, mask, options);
        loss.backward();
        const auto analytic = logits.grad().clone();

        const double eps = 1e-6;
        auto flat = logits.detach().clone().view(-1);
        double worst = 0.0;
        for (std::int64_t i = 0; i < flat.numel(); ++i) {
            const double saved = flat[i].item<double>();
            flat[i] = saved + eps;
            const double up = lossFromLogits(flat.view({4, 3, 5}), refLogits, targets, mask, options).item<double>();
            flat[i] = saved - eps;
            const double down = lossFromLogits(flat.view({4, 3, 5}), refLogits, targets, mask, options).item<double>();
            flat[i] = saved;
            const double numeric = (up - down) / (2 * eps);
            worst = std::max(worst, std::abs(numeric - analytic.view(-1)[i].item<double>()));
        }
        QVERIFY2(worst < 1e-7, qPrintable(QString("max |grad - fd| = %1").arg(worst)));
        // Padded positions get exactly no gradient through the loss (softmax couples a row's
        // logits, so a whole padded row must be zero).
        QCOMPARE(analytic[0][2].abs().sum().item<double>(), 0.0);
        QVERIFY(analytic.abs().sum().item<double>() > 1e-6);
    }
};

QTEST_APPLESS_MAIN(TestPreferenceLoss)
#include "tst_preference_loss.moc"
