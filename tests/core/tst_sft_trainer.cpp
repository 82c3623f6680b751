// SFT trainer: the loss counts answer tokens only, steps keep their length group in every
// epoch, a killed run resumed from its checkpoint reaches exactly the losses and weights of an
// uninterrupted run, cancellation saves a resumable checkpoint, and damaged checkpoints are
// refused with a message saying why; data-parallel workers take the same steps as one model.
// torch before Qt: torch headers have methods named slots().
#include "core/common/json.h"
#include "core/model/model_io.h"
#include "core/train/adamw.h"
#include "core/train/checkpoint.h"
#include "core/train/cpu_features.h"
#include "core/train/data_parallel_group.h"
#include "core/train/sft_trainer.h"

#include <QtTest>

#include <atomic>
#include <cmath>
#include <fstream>
#include <sstream>

using namespace itool;
using namespace itool::train;

namespace {
model::ModelConfig tinyConfig()
{
    model::ModelConfig c;
    c.vocabSize = 24;
    c.hiddenSize = 32;
    c.intermediateSize = 48;
    c.numHiddenLayers = 2;
    c.numAttentionHeads = 4;
    c.numKeyValueHeads = 2;
    c.maxPositionEmbeddings = 32;
    return c;
}

// "prompt" a b c SEP, "answer" = the prompt reversed: learnable, and only the answer counts.
std::vector<TrainExample> reverseTask(int count, int seed, int minLen, int maxLen)
{
    std::mt19937 rng(seed);
    std::vector<TrainExample> out;
    for (int i = 0; i < count; ++i) {
        const int n = minLen + int(rng() % unsigned(maxLen - minLen + 1));
        TrainExample e;
        std::vector<std::int32_t> body;
        for (int k = 0; k < n; ++k)
            body.push_back(3 + std::int32_t(rng() % 20));
        e.ids = body;
        e.ids.push_back(1); // separator
        e.ids.insert(e.ids.end(), body.rbegin(), body.rend());
        e.ids.push_back(2); // end
        e.lossMask.assign(e.ids.size(), 0);
        for (std::size_t k = body.size() + 1; k < e.ids.size(); ++k)
            e.lossMask[k] = 1;
        out.push_back(e);
    }
    return out;
}

std::vector<CurriculumStage> stages()
{
    return {{"easy", reverseTask(12, 1, 2, 3), 5}, {"hard", reverseTask(12, 2, 4, 6), 5}};
}

SftOptions options(const QString &dir)
{
    SftOptions o;
    o.model = tinyConfig();
    o.lr = 3e-3;
    o.warmupSteps = 2;
    o.batchSize = 3;
    o.gradAccum = 2;
    o.clipNorm = 1.0;
    o.checkpointEvery = 3;
    o.seed = 11;
    o.runDir = dir.toStdString();
    return o;
}

struct CancelAfter : pipeline::EventSink
{
    pipeline::CancelToken token;
    std::int64_t at = 0;
    std::vector<pipeline::TrainingEvent::Kind> kinds;
    void onEvent(const pipeline::TrainingEvent &e) override
    {
        kinds.push_back(e.kind);
        if (e.kind == pipeline::TrainingEvent::Kind::Step && e.step == at)
            token.cancel();
    }
};

std::string readAll(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}
} // namespace

class TestSftTrainer : public QObject
{
    Q_OBJECT
private slots:
    // A bf16 spec trains in bf16 only where the CPU has it natively (sft_job falls back).
    void nativeBf16IsReadFromCpuFlags()
    {
        const std::string withBf16 = "processor\t: 0\nflags\t\t: fpu sse avx512f avx512_bf16 avx512_vnni\n";
        const std::string withAmx = "flags\t: fpu amx_tile amx_bf16\n";
        const std::string without = "processor\t: 0\nflags\t\t: fpu sse avx512f avx512bw avx512_vnni\n";
        const std::string lookalike = "flags\t: fpu xavx512_bf16 avx512_bf16x\n";
        QVERIFY(train::cpuInfoHasNativeBf16(withBf16));
        QVERIFY(train::cpuInfoHasNativeBf16(withAmx));
        QVERIFY(!train::cpuInfoHasNativeBf16(without));
        QVERIFY(!train::cpuInfoHasNativeBf16(lookalike));
        QVERIFY(!train::cpuInfoHasNativeBf16(""));
        std::ifstream in("/proc/cpuinfo");
        if (in) {
            std::ostringstream text;
            text << in.rdbuf();
            QCOMPARE(train::cpuHasNativeBf16(), train::cpuInfoHasNativeBf16(text.str()));
        }
    }

    void lossCountsAnswerTokensOnly()
    {
        QTemporaryDir dir;
        auto o = options(dir.path());
        o.batchSize = 1;
        o.gradAccum = 1;
        TrainExample e;
        e.ids = {5, 6, 7, 8, 9, 10};
        e.lossMask = {0, 0, 0, 1, 0, 1}; // only tokens 8 and 10 are "answer"
        o.checkpointEvery = 0;
        const auto r = runSft(o, {{"only", {e}, 1}});
        QCOMPARE(r.losses.size(), std::size_t(1));

        // The same initial model, by hand: mean of -log p(8 | 5 6 7) and -log p(10 | ... 9).
        model::LlamaForCausalLM net(o.model);
        net->initWeights(o.seed);
        torch::NoGradGuard g;
        auto logp = torch::log_softmax(net->forward(torch::tensor({5, 6, 7, 8, 9}, torch::kLong).unsqueeze(0)), -1)[0];
        const double expected = -(logp[2][8].item<double>() + logp[4][10].item<double>()) / 2.0;
        QVERIFY2(std::abs(r.losses[0] - expected) < 1e-5, qPrintable(QString("%1 vs %2").arg(r.losses[0]).arg(expected)));
        // Counting every token would give another number.
        double all = 0;
        for (int t = 0; t < 5; ++t)
            all -= logp[t][e.ids[std::size_t(t + 1)]].item<double>();
        QVERIFY(std::abs(all / 5.0 - expected) > 1e-3);
    }

    void learnsTheTask()
    {
        QTemporaryDir dir;
        auto o = options(dir.path());
        o.checkpointEvery = 0;
        o.lr = 1e-2;
        const auto r = runSft(o, {{"all", reverseTask(24, 3, 2, 3), 60}});
        QCOMPARE(r.losses.size(), std::size_t(60));
        double first = 0, last = 0;
        for (int i = 0; i < 5; ++i) {
            first += r.losses[std::size_t(i)];
            last += r.losses[r.losses.size() - 1 - std::size_t(i)];
        }
        qInfo("mean loss first 5 steps %.3f, last 5 steps %.3f", first / 5, last / 5);
        QVERIFY(last < 0.6 * first);
        QVERIFY(QFile::exists(dir.filePath("model/model.safetensors")));
        QVERIFY(QFile::exists(dir.filePath("stage-all/config.json")));
        QVERIFY(QFile::exists(dir.filePath("metrics.jsonl")));
    }

    // Steps are length-grouped: 8 short rows, 8 long ones and one a little shorter than the
    // long ones, 4 rows a step, so each epoch has 4 steps and one row to spare. No step of
    // three epochs may pad a short row to a long one (when the spare row topped up the next
    // epoch's first step, every step after it straddled two length groups).
    void stepsKeepTheirLengthGroupAcrossEpochs()
    {
        QTemporaryDir dir;
        auto o = options(dir.path());
        o.batchSize = 4;
        o.gradAccum = 1;
        o.checkpointEvery = 0;
        auto rows = reverseTask(8, 5, 2, 2);           // 6 tokens each
        const auto longRows = reverseTask(8, 6, 12, 12); // 26 tokens each
        rows.insert(rows.end(), longRows.begin(), longRows.end());
        rows.push_back(reverseTask(1, 7, 11, 11).front()); // 24 tokens
        const auto r = runSft(o, {{"all", rows, 12}});
        QCOMPARE(r.steps, std::int64_t(12));
        QFile m(dir.filePath("metrics.jsonl"));
        QVERIFY(m.open(QIODevice::ReadOnly));
        int steps = 0;
        for (const auto &line : m.readAll().split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const auto j = Json::parse(line.toStdString());
            // A row of n tokens is n - 1 positions; the rest of a step's positions is padding.
            const auto padding = j.at("positions").get<std::int64_t>() - (j.at("tokens").get<std::int64_t>() - 4);
            QVERIFY2(padding <= 2, qPrintable(QString::fromStdString(j.dump())));
            ++steps;
        }
        QCOMPARE(steps, 12);
    }

    // Data-parallel workers split each micro-batch and add their gradients: the same step as one
    // model up to float rounding (the sums run in another order), the same every time, and with
    // 3 workers on 4 rows (shares of 2, 1 and 1) too.
    void dataParallelWorkersTakeTheSameSteps()
    {
        auto run = [](int workers) {
            QTemporaryDir dir;
            auto o = options(dir.path());
            o.batchSize = 4;
            o.checkpointEvery = 0;
            o.threads.workers = workers;
            return runSft(o, stages()).losses;
        };
        const auto one = run(1), two = run(2), three = run(3);
        QCOMPARE(one.size(), std::size_t(10));
        QCOMPARE(two.size(), one.size());
        QCOMPARE(three.size(), one.size());
        double worst = 0;
        for (std::size_t i = 0; i < one.size(); ++i)
            worst = std::max({worst, std::abs(two[i] - one[i]) / one[i], std::abs(three[i] - one[i]) / one[i]});
        qInfo("largest relative loss difference over 10 steps: %.2e", worst);
        QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
        QCOMPARE(run(2), two); // exactly
    }

    void aFailingWorkerReachesTheCaller()
    {
        model::LlamaForCausalLM net(tinyConfig());
        FlatAdamW opt(net->namedWeights(), AdamWOptions{});
        DataParallelGroup group(net, tinyConfig(), 3);
        QCOMPARE(group.workers(), std::size_t(3));
        std::atomic<int> finished{0};
        try {
            group.run([&](std::size_t w) {
                if (w == 2)
                    throw std::runtime_error("worker 2 failed");
                ++finished;
            });
            QFAIL("no exception");
        } catch (const std::runtime_error &e) {
            QCOMPARE(std::string(e.what()), std::string("worker 2 failed"));
        }
        QCOMPARE(finished.load(), 2); // the others ran to their end before the rethrow
    }

    void resumeReachesTheSameLosses_data()
    {
        QTest::addColumn<int>("killAfter");
        QTest::addColumn<bool>("bf16");
        QTest::addColumn<int>("workers");
        QTest::newRow("killed mid-stage, after a periodic checkpoint") << 4 << false << 1;
        QTest::newRow("killed in the second stage") << 8 << false << 1;
        QTest::newRow("killed right after a stage end") << 5 << false << 1;
        QTest::newRow("bf16 autocast, killed mid-stage") << 4 << true << 1;
        QTest::newRow("two data-parallel workers, killed in the second stage") << 8 << false << 2;
    }

    void resumeReachesTheSameLosses()
    {
        QFETCH(int, killAfter);
        QFETCH(bool, bf16);
        QFETCH(int, workers);
        QTemporaryDir full, killed;
        auto wholeOptions = options(full.path());
        wholeOptions.bf16 = bf16;
        wholeOptions.threads.workers = workers;
        const auto whole = runSft(wholeOptions, stages());
        QCOMPARE(whole.losses.size(), std::size_t(10));
        QVERIFY(whole.losses.back() < whole.losses.front());

        auto o = options(killed.path());
        o.bf16 = bf16;
        o.threads.workers = workers;
        o.haltAfterSteps = killAfter;
        const auto first = runSft(o, stages());
        QVERIFY(first.halted);
        o.haltAfterSteps = -1;
        o.resume = true;
        const auto resumed = runSft(o, stages());
        QCOMPARE(resumed.steps, std::int64_t(10));
        QCOMPARE(resumed.losses, whole.losses); // exactly, not approximately
        QCOMPARE(readAll(killed.filePath("model/model.safetensors").toStdString()),
                 readAll(full.filePath("model/model.safetensors").toStdString()));
        // metrics.jsonl has each step once
        QFile m(killed.filePath("metrics.jsonl"));
        QVERIFY(m.open(QIODevice::ReadOnly));
        QCOMPARE(m.readAll().count('\n'), 10);
    }

    void cancelSavesAResumableCheckpoint()
    {
        QTemporaryDir full, cancelled;
        const auto whole = runSft(options(full.path()), stages());
        CancelAfter sink;
        sink.at = 7;
        auto o = options(cancelled.path());
        const auto r = runSft(o, stages(), &sink, &sink.token);
        QVERIFY(r.cancelled);
        QCOMPARE(r.steps, std::int64_t(7));
        QVERIFY(std::count(sink.kinds.begin(), sink.kinds.end(), pipeline::TrainingEvent::Kind::Cancelled) == 1);
        o.resume = true;
        const auto resumed = runSft(o, stages());
        QCOMPARE(resumed.losses, whole.losses);
    }

    void resumeRefusesDamagedCheckpoints_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated") << "truncate" << "is damaged";
        QTest::newRow("flipped data byte") << "flip" << "checksum";
        QTest::newRow("tampered header") << "header" << "is damaged";
        QTest::newRow("not a checkpoint") << "foreign" << "not an itool SFT checkpoint";
        QTest::newRow("other plan") << "plan" << "another plan";
        QTest::newRow("missing") << "delete" << "no checkpoint";
    }

    void resumeRefusesDamagedCheckpoints()
    {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        auto o = options(dir.path());
        o.haltAfterSteps = 4;
        runSft(o, stages());
        const std::string path = dir.filePath(kCheckpointFile).toStdString();
        std::string bytes = readAll(path);
        auto stages_ = stages();
        if (damage == "truncate")
            bytes.resize(bytes.size() - 100);
        else if (damage == "flip")
            bytes[bytes.size() - 5000] ^= 0x10;
        else if (damage == "header")
            bytes[bytes.find("\"format\"") + 2] = '"';
        else if (damage == "foreign") {
            model::LlamaForCausalLM net(o.model);
            model::saveTensors(path, net->namedWeights());
            bytes = readAll(path);
        } else if (damage == "plan")
            stages_[1].steps = 6;
        if (damage == "delete")
            QFile::remove(QString::fromStdString(path));
        else {
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out << bytes;
        }
        o.haltAfterSteps = -1;
        o.resume = true;
        try {
            runSft(o, stages_);
            QFAIL("damaged checkpoint accepted");
        } catch (const UserError &e) {
            QVERIFY2(QString(e.what()).contains(expected), e.what());
            qInfo("%s", e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestSftTrainer)
#include "tst_sft_trainer.moc"
