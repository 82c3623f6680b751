// Golden logits: a tiny model saved by us (config.json + safetensors) gives the same logits
// in an independent PyTorch implementation (tests/golden/llama_reference.py, run by
// /usr/bin/python3 in float64) within 1e-4, and survives a save/load unchanged.
// torch before Qt: torch headers have methods named slots().
#include "core/model/model_io.h"

#include <QtTest>

#include <cstdio>
#include <fstream>

using namespace itool::model;

namespace {
bool pythonHasTorch()
{
    return std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") == 0;
}
} // namespace

class TestGoldenLogits : public QObject
{
    Q_OBJECT
private slots:
    void matchesPythonReference_data()
    {
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<bool>("tied");
        QTest::newRow("multi-head, untied") << 4 << false;
        QTest::newRow("grouped-query, tied") << 2 << true;
        QTest::newRow("multi-query, untied") << 1 << false;
    }

    void matchesPythonReference()
    {
        QFETCH(int, kvHeads);
        QFETCH(bool, tied);
        if (!pythonHasTorch())
            QSKIP("/usr/bin/python3 cannot import torch (install python3-torch): no independent reference");
        torch::manual_seed(1);
        ModelConfig c;
        c.vocabSize = 97;
        c.hiddenSize = 32;
        c.intermediateSize = 80;
        c.numHiddenLayers = 2;
        c.numAttentionHeads = 4;
        c.numKeyValueHeads = kvHeads;
        c.maxPositionEmbeddings = 64;
        c.rmsNormEps = 1e-5;
        c.ropeTheta = 500.0; // small theta: positions matter visibly in a short sequence
        c.tieWordEmbeddings = tied;
        LlamaForCausalLM model(c);
        model->initWeights(7);
        {
            // Larger weights than the 0.02 init, so attention is far from uniform and
            // mistakes in rotary/masking/GQA change the logits noticeably.
            torch::NoGradGuard g;
            for (auto &[name, p] : model->namedWeights())
                if (!name.ends_with("norm.weight"))
                    p.mul_(10.0);
                else
                    p.uniform_(0.5, 1.5);
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string modelDir = dir.filePath("model").toStdString();
        saveModel(model, modelDir);

        const auto ids = torch::randint(0, c.vocabSize, {2, 11}, torch::kLong);
        const std::string idsPath = dir.filePath("ids.txt").toStdString();
        {
            std::ofstream out(idsPath);
            for (int b = 0; b < 2; ++b) {
                for (int t = 0; t < 11; ++t)
                    out << ids[b][t].item<std::int64_t>() << ' ';
                out << '\n';
            }
        }
        const std::string outPath = dir.filePath("logits.f32").toStdString();
        const std::string cmd = "/usr/bin/python3 " ITOOL_SOURCE_DIR "/tests/golden/llama_reference.py '" + modelDir
                                + "' '" + idsPath + "' '" + outPath + "' --double";
        QCOMPARE(std::system(cmd.c_str()), 0);

        torch::NoGradGuard g;
        const auto ours = model->forward(ids);
        auto theirs = torch::empty({2, 11, c.vocabSize});
        std::ifstream in(outPath, std::ios::binary);
        in.read(static_cast<char *>(theirs.data_ptr()), theirs.nbytes());
        QVERIFY(in.gcount() == std::streamsize(theirs.nbytes()));
        const double diff = (ours - theirs).abs().max().item<double>();
        const double scale = theirs.abs().max().item<double>();
        qInfo("max |ours - reference| = %.3g (logits up to %.3g)", diff, scale);
        QVERIFY(scale > 1.0); // not a degenerate all-zero comparison
        QVERIFY2(diff <= 1e-4, qPrintable(QString("max abs difference %1").arg(diff)));

        // The causal mask matters: changing the last token must not move earlier logits.
        auto ids2 = ids.clone();
        ids2[0][10] = (ids[0][10].item<std::int64_t>() + 1) % c.vocabSize;
        const auto other = model->forward(ids2);
        QVERIFY((other.narrow(1, 0, 10) - ours.narrow(1, 0, 10)).abs().max().item<double>() < 1e-6);
        QVERIFY((other[0][10] - ours[0][10]).abs().max().item<double>() > 1e-3);

        // Loading the folder gives a model with identical logits.
        auto back = loadModel(modelDir);
        QCOMPARE(back->config(), c);
        QVERIFY(torch::equal(back->forward(ids), ours));
    }

    void gradientsMatchFiniteDifferences()
    {
        // The hand-written backward passes (RMSNorm) against central differences, in float64.
        ModelConfig c;
        c.vocabSize = 13;
        c.hiddenSize = 16;
        c.intermediateSize = 24;
        c.numHiddenLayers = 2;
        c.numAttentionHeads = 4;
        c.numKeyValueHeads = 2;
        c.maxPositionEmbeddings = 16;
        LlamaForCausalLM model(c);
        model->initWeights(5);
        model->to(torch::kFloat64);
        {
            torch::NoGradGuard g;
            for (auto &[name, p] : model->namedWeights())
                if (name.ends_with("norm.weight"))
                    p.uniform_(0.5, 1.5);
                else
                    p.mul_(10.0);
        }
        const auto ids = torch::tensor({{1, 5, 7, 2, 9, 11}, {3, 3, 8, 12, 0, 4}}, torch::kLong);
        const auto targets = torch::tensor({5, 7, 2, 9, 11, 1, 3, 8, 12, 0, 4, 6}, torch::kLong);
        auto lossOf = [&]() {
            return torch::cross_entropy_loss(model->forward(ids).reshape({-1, c.vocabSize}), targets);
        };
        model->zero_grad();
        lossOf().backward();
        torch::NoGradGuard g;
        int checked = 0;
        for (auto &[name, p] : model->namedWeights()) {
            auto flat = p.view({-1});
            auto grad = p.grad().view({-1});
            for (std::int64_t i : {std::int64_t(0), flat.numel() / 2, flat.numel() - 1}) {
                const double h = 1e-6, orig = flat[i].item<double>();
                flat[i] = orig + h;
                const double up = lossOf().item<double>();
                flat[i] = orig - h;
                const double down = lossOf().item<double>();
                flat[i] = orig;
                const double numeric = (up - down) / (2 * h), analytic = grad[i].item<double>();
                QVERIFY2(std::abs(numeric - analytic) <= 1e-6 + 1e-4 * std::abs(numeric),
                         qPrintable(QString("%1[%2]: numeric %3 analytic %4").arg(name.c_str()).arg(i).arg(numeric).arg(analytic)));
                ++checked;
            }
        }
        QCOMPARE(checked, 3 * (2 + 2 * 9 + 1));
    }

    void parameterNamesAreHuggingFaces()
    {
        ModelConfig c;
        c.vocabSize = 10;
        c.hiddenSize = 8;
        c.intermediateSize = 12;
        c.numHiddenLayers = 2;
        c.numAttentionHeads = 2;
        c.numKeyValueHeads = 1;
        LlamaForCausalLM model(c);
        std::set<std::string> names;
        std::int64_t count = 0;
        for (auto &[n, p] : model->namedWeights()) {
            names.insert(n);
            count += p.numel();
        }
        for (const char *n : {"model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight",
                              "model.layers.1.self_attn.k_proj.weight", "model.layers.1.self_attn.v_proj.weight",
                              "model.layers.0.self_attn.o_proj.weight", "model.layers.0.mlp.gate_proj.weight",
                              "model.layers.0.mlp.up_proj.weight", "model.layers.0.mlp.down_proj.weight",
                              "model.layers.0.input_layernorm.weight",
                              "model.layers.0.post_attention_layernorm.weight", "model.norm.weight", "lm_head.weight"})
            QVERIFY2(names.count(n), n);
        QCOMPARE(names.size(), std::size_t(2 + 2 * 9 + 1));
        QCOMPARE(count, c.parameterCount());
    }

    void loadRefusesMismatchedWeights()
    {
        ModelConfig c;
        c.vocabSize = 10;
        c.hiddenSize = 8;
        c.intermediateSize = 12;
        c.numHiddenLayers = 1;
        c.numAttentionHeads = 2;
        c.numKeyValueHeads = 2;
        LlamaForCausalLM model(c);
        QTemporaryDir dir;
        const std::string d = dir.path().toStdString();
        saveModel(model, d);
        c.intermediateSize = 16; // config now disagrees with the weights
        writeConfigFile(c, d + "/config.json");
        try {
            loadModel(d);
            QFAIL("mismatched weights accepted");
        } catch (const SafetensorsError &e) {
            QVERIFY2(QString(e.what()).contains("has shape [12, 8], the config needs [16, 8]"), e.what());
        }
        // A truncated weights file is refused before anything is read from it.
        QFile f(QString::fromStdString(d + "/model.safetensors"));
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.resize(f.size() / 2);
        f.close();
        c.intermediateSize = 12;
        writeConfigFile(c, d + "/config.json");
        QVERIFY_THROWS_EXCEPTION(SafetensorsError, loadModel(d));
    }
};

QTEST_APPLESS_MAIN(TestGoldenLogits)
#include "tst_golden_logits.moc"
