// Bad input never crashes an import: bad lines are reported as file:line and skipped, the
// good ones kept; files of the wrong format, empty, truncated, binary, huge or in the wrong
// encoding fail or degrade with a message that says what was expected. Also format detection.
#include "import_fixtures.h"

#include "core/data/format_detector.h"
#include "core/data/importer.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <random>

using namespace itool;
using namespace itool::data;
using namespace itool::testing;

namespace {

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

// Every way to replace one node of `item` by a value of another JSON type.
void typeConfusions(const Json &item, std::vector<Json> &out, const Json &root,
                    const Json::json_pointer &at)
{
    const std::vector<Json> replacements{Json(),        Json(7),        Json(2.5), Json("x"),
                                         Json::array(), Json::object(), Json(true)};
    for (const Json &r : replacements) {
        if (r.type() == item.type())
            continue;
        Json mutated = root;
        mutated[at] = r;
        out.push_back(std::move(mutated));
    }
    if (item.is_object())
        for (const auto &[key, value] : item.items())
            typeConfusions(value, out, root, at / key);
    if (item.is_array())
        for (std::size_t i = 0; i < item.size(); ++i)
            typeConfusions(item[i], out, root, at / i);
}

} // namespace

class TestImportRobustness : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_files = 0;

    std::string write(const std::string &content, const std::string &name = {})
    {
        const std::string path
            = m_dir.path().toStdString() + "/"
              + (name.empty() ? "f" + std::to_string(++m_files) + ".jsonl" : name);
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }
    static ImportResult run(const std::string &path, DataFormat format = DataFormat::Auto,
                            std::vector<std::string> answers = {}, std::string tools = {})
    {
        ImportOptions options;
        options.format = format;
        options.answerFiles = std::move(answers);
        options.toolsFile = std::move(tools);
        return importFile(path, options);
    }

private slots:
    void badLinesAreReportedAndSkipped()
    {
        Json missing = xlamItem();
        missing.erase("query");
        Json badAnswers = xlamItem();
        badAnswers["answers"] = "[{\"name\": \"get_weather\", \"arguments\": ";
        const std::string good = xlamItem().dump();
        const std::string path = write(good + "\n{\"id\": 2, \"query\": \"x\",\n" + missing.dump()
                                       + "\n" + good + "\n" + badAnswers.dump() + "\n");
        const ImportResult r = run(path, DataFormat::Xlam);
        QVERIFY2(r.ok(), r.error.c_str());
        QCOMPARE(r.records.size(), std::size_t(2));
        QCOMPARE(r.issueCount, 3);
        QCOMPARE(r.records[1].source.line, 4);
        QCOMPARE(r.issues[0].line, 2);
        QVERIFY2(contains(r.issues[0].toString(), path + ":2: broken JSON"),
                 r.issues[0].toString().c_str());
        QCOMPARE(r.issues[1].line, 3);
        QVERIFY2(contains(r.issues[1].message, "missing field \"query\""),
                 r.issues[1].message.c_str());
        QCOMPARE(r.issues[2].line, 5);
        QVERIFY2(contains(r.issues[2].message, "\"answers\""), r.issues[2].message.c_str());
    }

    void bfclGoldOfTheWrongShapeNamesBothFiles()
    {
        Json wrong = bfclAnswer("simple_2");
        wrong["ground_truth"][0]["get_weather"]["city"] = "Oslo"; // not a list of allowed values
        const std::string answers
            = write(bfclAnswer("simple_1").dump() + "\n" + wrong.dump() + "\nnot json\n");
        const std::string questions
            = write(bfclQuestion("simple_1").dump() + "\n" + bfclQuestion("simple_2").dump() + "\n"
                    + bfclQuestion("simple_3").dump() + "\n");
        const ImportResult r = run(questions, DataFormat::Auto, {answers});
        QVERIFY2(r.ok(), r.error.c_str());
        QVERIFY(r.format == DataFormat::Bfcl);
        QCOMPARE(r.records.size(), std::size_t(1));
        QVERIFY(r.records[0].category == Category::Simple);
        QCOMPARE(r.records[0].tools[0]["parameters"]["type"], Json("object"));
        QCOMPARE(r.issueCount, 3);
        std::vector<std::string> lines;
        for (const InputIssue &i : r.issues)
            lines.push_back(i.toString());
        const std::string all = lines[0] + "\n" + lines[1] + "\n" + lines[2];
        QVERIFY2(contains(all, answers + ":3: broken JSON"), all.c_str());
        QVERIFY2(contains(all, questions
                                   + ":2: gold call \"get_weather\", parameter \"city\": expected "
                                     "a non-empty list of allowed values"),
                 all.c_str());
        QVERIFY2(contains(all, "(" + answers + ":2)"), all.c_str());
        QVERIFY2(contains(all, questions + ":3: no gold answer with id \"simple_3\""), all.c_str());
    }

    void callsThatDoNotParseAreReported()
    {
        Json bad = apiBankItem();
        bad["expected_output"] = "API-Request: [GetWeather(city='Oslo')";
        Json notCall = apiBankItem();
        notCall["expected_output"] = "Sure, here it is.";
        Json unknown = apiBankItem();
        unknown["expected_output"] = "API-Request: [Teleport(to='Mars')]";
        Json quotedNotList = apiBankItem();
        quotedNotList["expected_output"]
            = "API-Request: [GetWeather(city='['Oslo', 'Bergen']')]"; // declared str: no repair
        Json quotedList = apiBankItem();
        quotedList["expected_output"]
            = "API-Request: [GetWeather(cities='['Oslo', 'Bergen']')]"; // declared list: repaired
        Json array = Json::array({apiBankItem(), bad, notCall, unknown, quotedNotList, quotedList});
        const std::string path = write(array.dump(1));
        const ImportResult r = run(path);
        QVERIFY2(r.ok(), r.error.c_str());
        QVERIFY(r.format == DataFormat::ApiBank);
        QCOMPARE(r.records.size(), std::size_t(2));
        QCOMPARE(r.issueCount, 4);
        QVERIFY2(contains(r.issues[0].message, "does not parse"), r.issues[0].message.c_str());
        QVERIFY2(contains(r.issues[1].message, "must start with \"API-Request:\""),
                 r.issues[1].message.c_str());
        QVERIFY2(contains(r.issues[2].message, "do not list"), r.issues[2].message.c_str());
        QVERIFY2(contains(r.issues[3].message, "does not parse"), r.issues[3].message.c_str());
        QCOMPARE(r.notes.size(), std::size_t(1));
        QCOMPARE(r.records[1].gold[0].params[0].allowed[0], Json::array({"Oslo", "Bergen"}));
        // Each element is reported at the line it starts on in the pretty-printed array.
        QVERIFY(r.issues[0].line > 1 && r.issues[0].line < r.issues[1].line);
    }

    void wrongFormatFailsSayingWhatWasExpected_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bfcl as xlam")
            << "xlam"
            << "not xLAM/APIGen: {\"id\",\"query\",\"tools\",\"answers\"}";
        QTest::newRow("bfcl as openai") << "openai"
                                        << "not OpenAI chat";
        QTest::newRow("bfcl as native") << "native"
                                        << "not native records";
        QTest::newRow("bfcl as sharegpt") << "sharegpt"
                                          << "not ShareGPT/LLaMA-Factory";
        QTest::newRow("bfcl as toolace") << "toolace"
                                         << "not ToolACE";
        QTest::newRow("bfcl as apibank") << "apibank"
                                         << "API-Bank level-1";
    }
    void wrongFormatFailsSayingWhatWasExpected()
    {
        QFETCH(QString, format);
        QFETCH(QString, expected);
        std::string lines;
        for (int i = 0; i < 30; ++i)
            lines += bfclQuestion("simple_" + std::to_string(i)).dump() + "\n";
        const ImportResult r = run(write(lines), *dataFormatFromString(format.toStdString()));
        QVERIFY(!r.ok());
        QVERIFY(r.records.empty());
        QVERIFY2(contains(r.error, expected.toStdString()), r.error.c_str());
        // A short file fails the same way once no line could be read.
        const ImportResult shortFile = run(write(bfclQuestion("simple_1").dump() + "\n"),
                                           *dataFormatFromString(format.toStdString()));
        QVERIFY(!shortFile.ok());
        QVERIFY2(contains(shortFile.error, "no line could be read"), shortFile.error.c_str());
    }

    void companionFilesAreRequiredAndChecked()
    {
        const std::string questions
            = write(bfclQuestion("simple_1").dump() + "\n", "questions.json");
        ImportResult r = run(questions, DataFormat::Bfcl);
        QVERIFY(!r.ok());
        QVERIFY2(contains(r.error, "--answers"), r.error.c_str());
        r = run(questions, DataFormat::Bfcl, {write(xlamItem().dump() + "\n")});
        QVERIFY(!r.ok());
        QVERIFY2(contains(r.error, "holds no BFCL gold lines"), r.error.c_str());
        const std::string queries = write(sealQueryItem().dump() + "\n", "queries.jsonl");
        r = run(queries, DataFormat::SealTools);
        QVERIFY(!r.ok());
        QVERIFY2(contains(r.error, "--tools"), r.error.c_str());
        const std::string tools = write(sealToolItem().dump() + "\n");
        r = run(queries, DataFormat::Auto, {}, tools);
        QVERIFY2(r.ok(), r.error.c_str());
        QCOMPARE(r.records[0].domain, std::string("Weather"));
        QCOMPARE(r.records[0].tools[0]["responses"]["temp"]["type"], Json("integer"));
        // Passing a gold or tool file as the data file says what to do.
        r = run(write(bfclAnswer("simple_1").dump() + "\n"));
        QVERIFY(!r.ok());
        QVERIFY2(contains(r.error, "give this one with --answers"), r.error.c_str());
        r = run(tools);
        QVERIFY2(contains(r.error, "give this one with --tools"), r.error.c_str());
    }

    void truncatedFiles()
    {
        const std::string line = xlamItem().dump();
        const ImportResult lines
            = run(write(line + "\n" + line + "\n" + line.substr(0, line.size() / 2)));
        QVERIFY2(lines.ok(), lines.error.c_str());
        QCOMPARE(lines.records.size(), std::size_t(2));
        QCOMPARE(lines.issueCount, 1);
        QCOMPARE(lines.issues[0].line, 3);

        const std::string array = Json::array({xlamItem(), xlamItem(), xlamItem()}).dump(2);
        const ImportResult cut = run(write(array.substr(0, array.size() * 5 / 6)));
        QVERIFY2(cut.ok(), cut.error.c_str());
        QCOMPARE(cut.records.size(), std::size_t(2));
        QCOMPARE(cut.issueCount, 1);
        QVERIFY2(contains(cut.issues[0].message, "truncated"), cut.issues[0].message.c_str());
        // Cut right after an element: the missing ']' is reported, the elements kept.
        const std::string two = Json::array({xlamItem(), xlamItem()}).dump();
        const ImportResult open = run(write(two.substr(0, two.size() - 1)));
        QCOMPARE(open.records.size(), std::size_t(2));
        QCOMPARE(open.issueCount, 1);
        QVERIFY2(contains(open.issues[0].message, "closing ']'"), open.issues[0].message.c_str());
    }

    void everyPrefixOfEveryFormatIsHandled()
    {
        // Each line a prefix of a valid item: all but the full one are bad lines; none crashes.
        const std::vector<std::pair<DataFormat, Json>> items{
            {DataFormat::Native, nativeItem()},     {DataFormat::Xlam, xlamItem()},
            {DataFormat::ShareGpt, shareGptItem()}, {DataFormat::OpenAi, openAiItem()},
            {DataFormat::ToolAce, toolAceItem()},   {DataFormat::ApiBank, apiBankItem()}};
        for (const auto &[format, item] : items) {
            const std::string full = item.dump();
            // A good first line: a file that starts with many bad lines is given up on.
            std::string content = full + "\n";
            std::int64_t prefixes = 0;
            for (std::size_t n = 1; n < full.size(); n += 3, ++prefixes)
                content += full.substr(0, n) + "\n";
            content += full + "\n";
            const ImportResult r = run(write(content), format);
            QVERIFY2(r.ok(), r.error.c_str());
            QCOMPARE(r.records.size(), std::size_t(2));
            QCOMPARE(r.issueCount, prefixes);
            QCOMPARE(r.records.back().source.line, prefixes + 2);
        }
    }

    void valuesOfTheWrongTypeAnywhereAreHandled()
    {
        const std::vector<std::pair<DataFormat, Json>> items{
            {DataFormat::Native, nativeItem()},           {DataFormat::Xlam, xlamItem()},
            {DataFormat::ShareGpt, shareGptItem()},       {DataFormat::OpenAi, openAiItem()},
            {DataFormat::ToolAce, toolAceItem()},         {DataFormat::ApiBank, apiBankItem()},
            {DataFormat::Bfcl, bfclQuestion("simple_1")}, {DataFormat::SealTools, sealQueryItem()}};
        const std::string answers = write(bfclAnswer("simple_1").dump() + "\n");
        const std::string tools = write(sealToolItem().dump() + "\n");
        int lines = 0;
        for (const auto &[format, item] : items) {
            std::vector<Json> mutated;
            typeConfusions(item, mutated, item, Json::json_pointer());
            std::string content = item.dump() + "\n"; // one good line first: no give-up
            for (const Json &m : mutated)
                content += m.dump() + "\n";
            lines += int(mutated.size());
            const ImportResult r = run(write(content), format, {answers}, tools);
            QVERIFY2(r.ok(), r.error.c_str());
            QCOMPARE(std::int64_t(r.records.size()) + r.issueCount,
                     std::int64_t(mutated.size() + 1));
            for (const InputIssue &issue : r.issues)
                QVERIFY(!issue.message.empty());
            // The answers file can be confused too: the questions then lack valid gold.
            if (format == DataFormat::Bfcl) {
                std::vector<Json> badGold;
                typeConfusions(bfclAnswer("simple_1"), badGold, bfclAnswer("simple_1"),
                               Json::json_pointer());
                for (const Json &g : badGold) {
                    const ImportResult b
                        = run(write(item.dump() + "\n"), format, {write(g.dump() + "\n")});
                    QVERIFY(b.records.size() + b.issues.size() >= 1 || !b.error.empty());
                }
            }
        }
        QVERIFY(lines > 300);
    }

    void emptyAndBlankFiles()
    {
        for (const std::string content :
             {std::string(), std::string("\n\n  \r\n"), std::string("\xEF\xBB\xBF"),
              std::string("[]"), std::string(" [ ] ")}) {
            const ImportResult r = run(write(content), DataFormat::Xlam);
            QVERIFY(!r.ok());
            QVERIFY2(contains(r.error, "no records"), r.error.c_str());
            const ImportResult detected = run(write(content));
            QVERIFY(!detected.ok());
            QVERIFY2(contains(detected.error, "empty"), detected.error.c_str());
        }
    }

    void binaryJunk()
    {
        std::mt19937 rng(7);
        std::string withNul(200000, '\0');
        std::string noNul(200000, '\0');
        for (std::size_t i = 0; i < withNul.size(); ++i) {
            withNul[i] = char(rng() & 0xFF);
            noNul[i] = char(1 + rng() % 255);
        }
        ImportResult r = run(write(withNul));
        QVERIFY(!r.ok());
        QVERIFY2(contains(r.error, "NUL bytes"), r.error.c_str());
        r = run(write(noNul));
        QVERIFY(!r.ok());
        QVERIFY2(contains(r.error, "could not recognise the format"), r.error.c_str());
        r = run(write(noNul), DataFormat::OpenAi);
        QVERIFY(!r.ok());
        QVERIFY2(contains(r.error, "not OpenAI chat"), r.error.c_str());
        QVERIFY(r.issueCount <= 25); // gives up early instead of listing every junk line
        // Junk after good lines: reported line by line, the good lines kept.
        r = run(
            write(openAiItem().dump() + "\n" + noNul.substr(0, 5000) + "\n" + openAiItem().dump()));
        QVERIFY2(r.ok(), r.error.c_str());
        QCOMPARE(r.records.size(), std::size_t(2));
        QVERIFY(r.issueCount >= 1);
    }

    void fiftyMegabyteLine()
    {
        const std::string big = Json{
            {"id", 1},
            {"query", std::string(50u << 20, 'a')},
            {"tools", "[]"},
            {"answers", "[]"}}.dump();
        QVERIFY(big.size() > (50u << 20));
        const std::string path
            = write(xlamItem().dump() + "\n" + big + "\n" + xlamItem().dump() + "\n");
        QElapsedTimer timer;
        timer.start();
        ImportResult r = run(path);
        QVERIFY2(r.ok(), r.error.c_str());
        QCOMPARE(r.records.size(), std::size_t(2));
        QCOMPARE(r.issueCount, 1);
        QCOMPARE(r.issues[0].line, 2);
        QVERIFY2(contains(r.issues[0].message, "over the limit"), r.issues[0].message.c_str());
        // With a higher limit the same line is read (and is a valid record).
        ImportOptions options;
        options.maxItemBytes = 64u << 20;
        r = importFile(path, options);
        QVERIFY2(r.ok(), r.error.c_str());
        QCOMPARE(r.records.size(), std::size_t(3));
        QCOMPARE(r.records[1].conversation[0].content.size(), std::size_t(50u << 20));
        qInfo("50 MB line: both imports took %lld ms", qint64(timer.elapsed()));
    }

    void encodings()
    {
        const std::string line = xlamItem().dump();
        // UTF-8 BOM, CRLF, no trailing newline: all fine, line numbers right.
        ImportResult r = run(write("\xEF\xBB\xBF" + line + "\r\n" + line + "\r\n" + line));
        QVERIFY2(r.ok(), r.error.c_str());
        QCOMPARE(r.records.size(), std::size_t(3));
        QCOMPARE(r.records[2].source.line, 3);
        QCOMPARE(r.records[0].conversation[0].content, std::string("Weather in Oslo for 3 days?"));
        // Invalid UTF-8 (Latin-1 text) in one line: that line is reported, the rest kept.
        Json latin = xlamItem();
        std::string bad = latin.dump();
        bad.replace(bad.find("Oslo"), 4, "M\xE9xico");
        r = run(write(line + "\n" + bad + "\n" + line + "\n"));
        QVERIFY2(r.ok(), r.error.c_str());
        QCOMPARE(r.records.size(), std::size_t(2));
        QCOMPARE(r.issues[0].line, 2);
        QVERIFY2(contains(r.issues[0].message, "invalid UTF-8"), r.issues[0].message.c_str());
        // UTF-16 with a byte-order mark: a clear message, in both byte orders.
        std::string utf16le = "\xFF\xFE", utf16be = "\xFE\xFF";
        for (char c : line) {
            utf16le += c;
            utf16le += '\0';
            utf16be += '\0';
            utf16be += c;
        }
        for (const std::string &content : {utf16le, utf16be}) {
            for (DataFormat f : {DataFormat::Auto, DataFormat::Xlam}) {
                r = run(write(content), f);
                QVERIFY(!r.ok());
                QVERIFY2(contains(r.error, "UTF-16") && contains(r.error, "UTF-8"),
                         r.error.c_str());
            }
        }
        // UTF-16 without a byte-order mark shows as NUL bytes.
        r = run(write(utf16le.substr(2)));
        QVERIFY2(contains(r.error, "UTF-16/32"), r.error.c_str());
        // A missing file.
        r = run(m_dir.path().toStdString() + "/does-not-exist.jsonl");
        QVERIFY2(contains(r.error, "cannot open"), r.error.c_str());
    }

    void detectsFormatsFromContent_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("format");
        QTest::newRow("native") << QString::fromStdString(nativeItem().dump()) << "native";
        QTest::newRow("bfcl") << QString::fromStdString(bfclQuestion("x_1").dump()) << "bfcl";
        QTest::newRow("xlam") << QString::fromStdString(xlamItem().dump()) << "xlam";
        QTest::newRow("xlam array")
            << QString::fromStdString(Json::array({xlamItem()}).dump(2)) << "xlam";
        QTest::newRow("sharegpt") << QString::fromStdString(shareGptItem().dump()) << "sharegpt";
        QTest::newRow("openai") << QString::fromStdString(openAiItem().dump()) << "openai";
        QTest::newRow("toolace") << QString::fromStdString(toolAceItem().dump()) << "toolace";
        QTest::newRow("apibank") << QString::fromStdString(Json::array({apiBankItem()}).dump())
                                 << "apibank";
        QTest::newRow("sealtools") << QString::fromStdString(sealQueryItem().dump()) << "sealtools";
        QTest::newRow("junk first")
            << QString::fromStdString("garbage\n" + xlamItem().dump()) << "xlam";
        QTest::newRow("unknown keys") << QString::fromStdString(Json{{"foo", 1}}.dump()) << "auto";
        QTest::newRow("not objects") << "[1, 2, 3]"
                                     << "auto";
    }
    void detectsFormatsFromContent()
    {
        QFETCH(QString, content);
        QFETCH(QString, format);
        // The name says .csv on purpose: content decides.
        const Detection d = detectFormat(
            write(content.toStdString(), "data" + std::to_string(++m_files) + ".csv"), 1u << 20);
        QCOMPARE(QString::fromUtf8(toString(d.format).data()), format);
        QVERIFY(!d.reason.empty());
    }
};

QTEST_APPLESS_MAIN(TestImportRobustness)
#include "tst_import_robustness.moc"
