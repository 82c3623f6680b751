// safetensors: a written file reads back bit for bit, and truncated, tampered or
// inconsistent files are refused with a message that says what is wrong.
#include "core/model/safetensors.h"

#include <QtTest>

#include <cstring>

using namespace itool::model;

namespace {
std::string sampleFile()
{
    static const float a[6] = {1.f, -2.f, 3.5f, 0.f, 1e-8f, 7.f};
    static const std::int64_t b[2] = {42, -7};
    return encodeSafetensors({{"a", DType::F32, {2, 3}, a, sizeof a}, {"b", DType::I64, {2}, b, sizeof b}},
                             {{"format", "pt"}});
}

// Replaces the JSON header by `json` (padded), keeping the data section.
std::string withHeader(const std::string &file, std::string json)
{
    std::uint64_t old = 0;
    std::memcpy(&old, file.data(), 8);
    std::string out(8, '\0');
    const std::uint64_t n = json.size();
    std::memcpy(out.data(), &n, 8);
    return out + json + file.substr(8 + old);
}
} // namespace

class TestSafetensors : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip()
    {
        const auto bytes = sampleFile();
        QCOMPARE((std::uint64_t(static_cast<unsigned char>(bytes[0])) + 8) % 8, 0u); // header padded to 8
        const auto f = SafetensorsFile::fromBytes(bytes, "mem");
        QCOMPARE(f.names().size(), std::size_t(2));
        QCOMPARE(f.metadata().at("format"), std::string("pt"));
        const auto &ia = f.info("a");
        QVERIFY(ia.dtype == DType::F32);
        QCOMPARE(ia.shape, (std::vector<std::int64_t>{2, 3}));
        float a[6];
        std::memcpy(a, f.data("a"), sizeof a);
        QCOMPARE(a[2], 3.5f);
        QCOMPARE(a[4], 1e-8f);
        std::int64_t b[2];
        std::memcpy(b, f.data("b"), sizeof b);
        QCOMPARE(b[1], std::int64_t(-7));
        QVERIFY(std::uintptr_t(f.data("a") - f.data("a")) == 0);
    }

    void fileRoundTripAndMissingName()
    {
        const QString path = QDir::temp().filePath("itool_tst_safetensors.safetensors");
        const float x[3] = {1, 2, 3};
        writeSafetensors(path.toStdString(), {{"x", DType::F32, {3}, x, sizeof x}});
        const auto f = SafetensorsFile::open(path.toStdString());
        QCOMPARE(f.info("x").numel(), std::int64_t(3));
        try {
            f.info("y");
            QFAIL("missing tensor accepted");
        } catch (const SafetensorsError &e) {
            QVERIFY(QString(e.what()).contains("no tensor named 'y'"));
        }
        QFile::remove(path);
    }

    void refusesBadFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const auto good = sampleFile();
        auto qb = [](const std::string &s) { return QByteArray(s.data(), qsizetype(s.size())); };

        QTest::newRow("empty") << QByteArray() << "shorter than the 8-byte header length";
        QTest::newRow("truncated data") << qb(good.substr(0, good.size() - 3)) << "run past the data section";
        QTest::newRow("truncated header") << qb(good.substr(0, 20)) << "runs past the end of the file";
        std::string huge = good;
        huge[7] = char(0x7f);
        QTest::newRow("huge header length") << qb(huge) << "exceeds the 100 MB limit";
        std::string garbled = good;
        garbled[garbled.find(':')] = '#';
        QTest::newRow("tampered json") << qb(garbled) << "not valid JSON";
        QTest::newRow("not an object") << qb(withHeader(good, "[1, 2, 3]")) << "does not start with a JSON object";
        QTest::newRow("bad dtype")
            << qb(withHeader(good, R"({"a":{"dtype":"F33","shape":[2,3],"data_offsets":[0,24]}})")) << "unknown dtype";
        QTest::newRow("offsets out of bounds")
            << qb(withHeader(good, R"({"a":{"dtype":"F32","shape":[2,3],"data_offsets":[24,48]}})"))
            << "run past the data section";
        QTest::newRow("size mismatch")
            << qb(withHeader(good, R"({"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,24]}})"))
            << "needs 16 bytes but data_offsets span 24";
        QTest::newRow("overlap")
            << qb(withHeader(good, R"({"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b":{"dtype":"I64","shape":[1],"data_offsets":[16,24]}})"))
            << "overlap";
        QTest::newRow("reversed offsets")
            << qb(withHeader(good, R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})")) << "begin after they end";
        QTest::newRow("negative shape")
            << qb(withHeader(good, R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})")) << "non-negative integers";
        QTest::newRow("metadata not strings")
            << qb(withHeader(good, R"({"__metadata__":{"x":1}})")) << "is not a string";
        QTest::newRow("missing fields") << qb(withHeader(good, R"({"a":{"dtype":"F32"}})")) << "needs dtype, shape and data_offsets";
    }

    void refusesBadFiles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        try {
            SafetensorsFile::fromBytes(std::string(bytes.constData(), std::size_t(bytes.size())), "w.safetensors");
            QFAIL("bad file accepted");
        } catch (const SafetensorsError &e) {
            const QString msg = e.what();
            QVERIFY2(msg.startsWith("w.safetensors: "), qPrintable(msg));
            QVERIFY2(msg.contains(expected), qPrintable(msg));
        }
    }
};

QTEST_APPLESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
