// Exports: native round-trips every real dataset losslessly; OpenAI chat and ShareGPT/
// LLaMA-Factory are checked field by field and read back by the importers; the rule that
// turns gold alternatives into one answer.
#include "core/data/exporter.h"
#include "core/data/gold_answer.h"
#include "core/data/importer.h"
#include "core/data/native_format.h"

#include <QTemporaryDir>
#include "shared_datasets.h"

#include <QtTest>

#include <fstream>
#include <map>
#include <sstream>

using namespace itool;
using namespace itool::data;

namespace {

const std::string kData = ITOOL_SHARED_DATASETS;

struct RealFile
{
    std::string path, answers, tools;
};

std::map<std::string, RealFile> realFiles()
{
    const std::string b = kData + "/bfcl-v4/";
    const std::string s = kData + "/seal-tools/";
    return {
        {"bfcl simple_python",
         {b + "BFCL_v4_simple_python.json", b + "possible_answer/BFCL_v4_simple_python.json", ""}},
        {"bfcl multiple",
         {b + "BFCL_v4_multiple.json", b + "possible_answer/BFCL_v4_multiple.json", ""}},
        {"bfcl parallel",
         {b + "BFCL_v4_parallel.json", b + "possible_answer/BFCL_v4_parallel.json", ""}},
        {"bfcl parallel_multiple",
         {b + "BFCL_v4_parallel_multiple.json",
          b + "possible_answer/BFCL_v4_parallel_multiple.json", ""}},
        {"api-bank level-1", {kData + "/api-bank-level1/level-1-api.json", "", ""}},
        {"seal-tools in domain", {s + "test_in_domain.jsonl", "", s + "tool.jsonl"}},
        {"seal-tools out of domain", {s + "test_out_domain.jsonl", "", s + "tool.jsonl"}}};
}

ImportResult importReal(const RealFile &f)
{
    ImportOptions options;
    if (!f.answers.empty())
        options.answerFiles = {f.answers};
    options.toolsFile = f.tools;
    return importFile(f.path, options);
}

std::string readAll(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Record handMadeRecord()
{
    Record r;
    r.id = "h1";
    r.tools.push_back(
        Json{{"name", "get_weather"},
             {"description", "w"},
             {"parameters", Json{{"type", "object"},
                                 {"properties", Json{{"city", Json{{"type", "string"}}},
                                                     {"days", Json{{"type", "integer"}}},
                                                     {"unit", Json{{"type", "string"}}}}},
                                 {"required", Json::array({"city"})}}},
             {"field", "Weather/Forecast"}});
    r.conversation = {
        Message{Role::System, "Today is 2026-11-29.", {}, {}},
        Message{Role::User, "Weather in Oslo?", {}, {}},
        Message{Role::Assistant, "", {ConversationCall{"get_weather", Json{{"city", "Oslo"}}}}, {}},
        Message{Role::Tool, "{\"temp\": 3}", {}, "get_weather"},
        Message{Role::Assistant, "3 degrees.", {}, {}},
        Message{Role::User, "And Bergen and Rome for 2 days?", {}, {}}};
    r.gold = {
        GoldCall{"get_weather",
                 {GoldParam{"city", {Json("Bergen")}}, GoldParam{"days", {Json(""), Json(2)}},
                  GoldParam{"unit", {Json("")}}}},
        GoldCall{"get_weather",
                 {GoldParam{"city", {Json("Rome"), Json("rome")}}, GoldParam{"days", {Json(2)}}}}};
    r.category = Category::Parallel;
    r.source = {"hand.jsonl", 3};
    return r;
}

} // namespace

class TestExportRoundTrip : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string path(const std::string &name) const
    {
        return m_dir.path().toStdString() + "/" + name;
    }

private slots:
    void initTestCase() { ITOOL_SKIP_WITHOUT_SHARED_DATASETS(); }

    void nativeRoundTripIsLossless_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto &[name, file] : realFiles())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }
    void nativeRoundTripIsLossless()
    {
        QFETCH(QString, name);
        const ImportResult first = importReal(realFiles()[name.toStdString()]);
        QVERIFY2(first.ok(), first.error.c_str());
        const std::string out = path("native.jsonl");
        const ExportResult written = exportRecordsToFile(first.records, ExportFormat::Native, out);
        QCOMPARE(written.written, std::int64_t(first.records.size()));
        QVERIFY(written.skipped.empty());
        ImportOptions options;
        options.format = DataFormat::Auto; // must be detected as native
        const ImportResult second = importFile(out, options);
        QVERIFY2(second.ok(), second.error.c_str());
        QVERIFY(second.format == DataFormat::Native);
        QCOMPARE(second.issueCount, 0);
        QCOMPARE(second.records.size(), first.records.size());
        for (std::size_t i = 0; i < first.records.size(); ++i)
            QVERIFY2(second.records[i] == first.records[i], first.records[i].id.c_str());
        // And the text is stable: a second export writes the same bytes.
        const std::string again = path("native2.jsonl");
        exportRecordsToFile(second.records, ExportFormat::Native, again);
        QVERIFY(readAll(out) == readAll(again));
    }

    void goldAnswerRule()
    {
        QCOMPARE(*chooseGoldValue({Json(""), Json(5)}, false), Json(5));
        QCOMPARE(*chooseGoldValue({Json("a"), Json("b")}, false), Json("a"));
        QVERIFY(!chooseGoldValue({Json("")}, false).has_value());
        QVERIFY(chooseGoldValue({Json(5.0)}, false)->is_number_float());
        // BFCL's nested alternatives inside dicts and lists of dicts.
        const Json nested{{"min", Json::array({300000})},
                          {"max", Json::array({"", 400000})},
                          {"note", Json::array({""})}};
        QCOMPARE(*chooseGoldValue({nested}, true), (Json{{"min", 300000}, {"max", 400000}}));
        const Json listOfDicts = Json::array(
            {Json{{"field", Json::array({"age"})}, {"value", Json::array({"25", "twenty-five"})}}});
        QCOMPARE(*chooseGoldValue({listOfDicts}, true),
                 Json::array({Json{{"field", "age"}, {"value", "25"}}}));
        // Outside BFCL a dict value is literal.
        const Json literal{{"tags", Json::array({"a", "b"})}};
        QCOMPARE(*chooseGoldValue({literal}, false), literal);

        const std::vector<ConversationCall> calls = goldAnswer(handMadeRecord());
        QCOMPARE(calls.size(), std::size_t(2));
        QCOMPARE(calls[0].arguments,
                 (Json{{"city", "Bergen"}, {"days", 2}})); // "unit" only "" -> left out
        QCOMPARE(calls[1].arguments, (Json{{"city", "Rome"}, {"days", 2}}));
    }

    void openAiFieldByField()
    {
        std::vector<std::string> notes;
        const Json out = toOpenAiChat(handMadeRecord(), notes);
        QVERIFY(notes.empty());
        QCOMPARE(out["id"], Json("h1"));
        const Json &m = out["messages"];
        QCOMPARE(m.size(), std::size_t(7));
        QCOMPARE(m[0], (Json{{"role", "system"}, {"content", "Today is 2026-11-29."}}));
        QCOMPARE(m[1], (Json{{"role", "user"}, {"content", "Weather in Oslo?"}}));
        QCOMPARE(m[2]["role"], Json("assistant"));
        QVERIFY(!m[2].contains("content"));
        QCOMPARE(m[2]["tool_calls"][0]["id"], Json("call_2_0"));
        QCOMPARE(m[2]["tool_calls"][0]["type"], Json("function"));
        QCOMPARE(m[2]["tool_calls"][0]["function"]["name"], Json("get_weather"));
        QVERIFY(m[2]["tool_calls"][0]["function"]["arguments"].is_string()); // documented choice
        QCOMPARE(Json::parse(m[2]["tool_calls"][0]["function"]["arguments"].get<std::string>()),
                 (Json{{"city", "Oslo"}}));
        QCOMPARE(m[3], (Json{{"role", "tool"},
                             {"tool_call_id", "call_2_0"},
                             {"name", "get_weather"},
                             {"content", "{\"temp\": 3}"}}));
        QCOMPARE(m[4], (Json{{"role", "assistant"}, {"content", "3 degrees."}}));
        const Json &answer = m[6];
        QCOMPARE(answer["role"], Json("assistant"));
        QCOMPARE(answer["tool_calls"].size(), std::size_t(2));
        QCOMPARE(Json::parse(answer["tool_calls"][0]["function"]["arguments"].get<std::string>()),
                 (Json{{"city", "Bergen"}, {"days", 2}}));
        QCOMPARE(answer["tool_calls"][1]["id"], Json("call_6_1"));
        const Json &tool = out["tools"][0];
        QCOMPARE(tool["type"], Json("function"));
        QCOMPARE(tool["function"]["name"], Json("get_weather"));
        QCOMPARE(tool["function"]["parameters"]["required"], Json::array({"city"}));
        QVERIFY(!tool["function"].contains("field")); // only name, description, parameters

        // No call and no text to write: not exported, reported.
        Record noCall = handMadeRecord();
        noCall.gold.clear();
        std::ostringstream sink;
        ExportResult r = exportRecords({noCall, handMadeRecord()}, ExportFormat::OpenAi, sink);
        QCOMPARE(r.written, 1);
        QCOMPARE(r.skipped.size(), std::size_t(1));
        QVERIFY2(r.skipped[0].toString().rfind("hand.jsonl:3: record h1:", 0) == 0,
                 r.skipped[0].toString().c_str());
        noCall.meta["answer_text"] = "Which city?";
        const Json withText = toOpenAiChat(noCall, notes);
        QCOMPARE(withText["messages"].back(),
                 (Json{{"role", "assistant"}, {"content", "Which city?"}}));
    }

    void shareGptFieldByField()
    {
        std::vector<std::string> notes;
        Record rec = handMadeRecord();
        // API-Bank style: assistant text right before a call.
        rec.conversation.insert(rec.conversation.begin() + 2,
                                Message{Role::Assistant, "Let me check.", {}, {}});
        const Json out = toShareGpt(rec, notes);
        QCOMPARE(out["system"], Json("Today is 2026-11-29."));
        QVERIFY(out["tools"].is_string()); // LLaMA-Factory wants a JSON string
        const Json tools = Json::parse(out["tools"].get<std::string>());
        QCOMPARE(tools[0]["name"], Json("get_weather"));
        QVERIFY(!tools[0].contains("field"));
        const Json &c = out["conversations"];
        QCOMPARE(c.size(), std::size_t(6));
        const std::vector<std::string> expected{"human", "function_call", "observation",
                                                "gpt",   "human",         "function_call"};
        for (std::size_t i = 0; i < c.size(); ++i)
            QCOMPARE(c[i]["from"].get<std::string>(), expected[i]);
        QCOMPARE(Json::parse(c[1]["value"].get<std::string>()),
                 (Json{{"name", "get_weather"}, {"arguments", Json{{"city", "Oslo"}}}}));
        const Json parallel = Json::parse(c[5]["value"].get<std::string>());
        QVERIFY(parallel.is_array());
        QCOMPARE(parallel[1], (Json{{"name", "get_weather"},
                                    {"arguments", Json{{"city", "Rome"}, {"days", 2}}}}));
        QCOMPARE(notes.size(), std::size_t(1));
        QVERIFY2(notes[0].find("dropped") != std::string::npos, notes[0].c_str());

        // Two tool results become one observation holding both.
        Record two = handMadeRecord();
        two.conversation[2].calls.push_back(
            ConversationCall{"get_weather", Json{{"city", "Bergen"}}});
        two.conversation.insert(two.conversation.begin() + 4,
                                Message{Role::Tool, "{\"temp\": 5}", {}, "get_weather"});
        notes.clear();
        const Json merged = toShareGpt(two, notes);
        QCOMPARE(merged["conversations"][2]["from"], Json("observation"));
        QCOMPARE(Json::parse(merged["conversations"][2]["value"].get<std::string>()),
                 Json::array({"{\"temp\": 3}", "{\"temp\": 5}"}));

        // Orders LLaMA-Factory cannot hold are refused, not mangled.
        Record startsWithAssistant = handMadeRecord();
        startsWithAssistant.conversation.erase(startsWithAssistant.conversation.begin() + 1);
        QVERIFY_THROWS_EXCEPTION(ExportError, toShareGpt(startsWithAssistant, notes));
        Record toolThenUser = handMadeRecord();
        toolThenUser.conversation.erase(toolThenUser.conversation.begin() + 4);
        QVERIFY_THROWS_EXCEPTION(ExportError, toShareGpt(toolThenUser, notes));
    }

    void exportsReadBack_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("format");
        for (const char *name :
             {"bfcl parallel_multiple", "api-bank level-1", "seal-tools in domain"})
            for (const char *format : {"openai", "sharegpt"})
                QTest::newRow((std::string(name) + " " + format).c_str()) << name << format;
    }
    void exportsReadBack()
    {
        QFETCH(QString, name);
        QFETCH(QString, format);
        const ImportResult original = importReal(realFiles()[name.toStdString()]);
        QVERIFY2(original.ok(), original.error.c_str());
        const ExportFormat f = *exportFormatFromString(format.toStdString());
        const std::string out = path("export.jsonl");
        const ExportResult written = exportRecordsToFile(original.records, f, out);
        QCOMPARE(written.written + std::int64_t(written.skipped.size()),
                 std::int64_t(original.records.size()));
        const ImportResult back = importFile(out, ImportOptions{});
        QVERIFY2(back.ok(), back.error.c_str());
        QVERIFY(back.format
                == (f == ExportFormat::OpenAi ? DataFormat::OpenAi : DataFormat::ShareGpt));
        QCOMPARE(back.issueCount, 0);
        std::map<std::string, const Record *> byId;
        for (const Record &r : back.records)
            byId[r.id] = &r;
        std::int64_t compared = 0;
        for (const Record &r : original.records) {
            auto it = byId.find(r.id);
            if (it == byId.end())
                continue; // not exported (reported above)
            ++compared;
            const Record &b = *it->second;
            // The answer read back is the exported answer: one allowed value per parameter.
            const std::vector<ConversationCall> answer = goldAnswer(r);
            QCOMPARE(b.gold.size(), answer.size());
            for (std::size_t k = 0; k < answer.size(); ++k) {
                QCOMPARE(b.gold[k].name, answer[k].name);
                QCOMPARE(b.gold[k].params.size(), answer[k].arguments.size());
                for (const GoldParam &p : b.gold[k].params)
                    QCOMPARE(p.allowed, std::vector<Json>{answer[k].arguments[p.name]});
            }
            QCOMPARE(b.tools.size(), r.tools.size());
            for (std::size_t k = 0; k < r.tools.size(); ++k) {
                QCOMPARE(b.tools[k]["name"], r.tools[k]["name"]);
                QCOMPARE(b.tools[k]["parameters"], r.tools[k]["parameters"]);
            }
            if (f == ExportFormat::OpenAi)
                QVERIFY2(b.conversation == r.conversation, r.id.c_str()); // OpenAI holds it all
            QVERIFY(b.category == r.category);
        }
        QCOMPARE(compared, written.written);
    }
};

QTEST_APPLESS_MAIN(TestExportRoundTrip)
#include "tst_export_roundtrip.moc"
