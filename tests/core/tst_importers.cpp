// The importers on the real public datasets (counts, categories, quirks) and on small
// hand-made files for the formats without a real file here (xLAM, ShareGPT, OpenAI, ToolACE).
#include "core/data/importer.h"

#include <QTemporaryDir>
#include "shared_datasets.h"

#include <QtTest>

#include <fstream>

using namespace itool;
using namespace itool::data;

namespace {

const std::string kData = ITOOL_SHARED_DATASETS;

ImportResult importAs(const std::string &path, DataFormat format = DataFormat::Auto,
                      std::vector<std::string> answers = {}, std::string tools = {})
{
    ImportOptions options;
    options.format = format;
    options.answerFiles = std::move(answers);
    options.toolsFile = std::move(tools);
    return importFile(path, options);
}

std::size_t countGoldCalls(const ImportResult &r)
{
    std::size_t n = 0;
    for (const Record &record : r.records)
        n += record.gold.size();
    return n;
}

std::size_t countGoldParams(const ImportResult &r)
{
    std::size_t n = 0;
    for (const Record &record : r.records)
        for (const GoldCall &call : record.gold)
            n += call.params.size();
    return n;
}

// Any schema type name that is not a JSON-schema name (or "any") left anywhere in the tools.
bool hasForeignTypeName(const Json &node)
{
    if (node.is_object()) {
        if (auto it = node.find("type"); it != node.end() && it->is_string()) {
            const std::string t = it->get<std::string>();
            if (t != "object" && t != "string" && t != "integer" && t != "number" && t != "boolean"
                && t != "array" && t != "any" && t != "null")
                return true;
        }
        for (const auto &[key, value] : node.items())
            if (key != "type" && hasForeignTypeName(value))
                return true;
    } else if (node.is_array()) {
        for (const Json &v : node)
            if (hasForeignTypeName(v))
                return true;
    }
    return false;
}

const Record *findRecord(const ImportResult &r, const std::string &id)
{
    for (const Record &record : r.records)
        if (record.id == id)
            return &record;
    return nullptr;
}

const GoldParam *findParam(const GoldCall &call, const std::string &name)
{
    for (const GoldParam &p : call.params)
        if (p.name == name)
            return &p;
    return nullptr;
}

} // namespace

class TestImporters : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    std::string write(const std::string &name, const std::string &content)
    {
        const std::string path = m_dir.path().toStdString() + "/" + name;
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

private slots:
    void initTestCase() { ITOOL_SKIP_WITHOUT_SHARED_DATASETS(); }

    void bfclRealFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("records");
        QTest::addColumn<int>("goldCalls");
        QTest::addColumn<int>("goldParams");
        QTest::addColumn<QString>("category");
        // Counts of calls and parameters read independently from the possible_answer files.
        QTest::newRow("simple_python") << "simple_python" << 400 << 400 << 1159 << "simple";
        QTest::newRow("multiple") << "multiple" << 200 << 200 << 568 << "multiple";
        QTest::newRow("parallel") << "parallel" << 200 << 540 << 1484 << "parallel";
        QTest::newRow("parallel_multiple")
            << "parallel_multiple" << 200 << 607 << 1606 << "parallel_multiple";
    }
    void bfclRealFiles()
    {
        QFETCH(QString, name);
        QFETCH(int, records);
        QFETCH(int, goldCalls);
        QFETCH(int, goldParams);
        QFETCH(QString, category);
        const std::string questions = kData + "/bfcl-v4/BFCL_v4_" + name.toStdString() + ".json";
        const std::string answers
            = kData + "/bfcl-v4/possible_answer/BFCL_v4_" + name.toStdString() + ".json";
        const ImportResult r = importAs(questions, DataFormat::Auto, {answers});
        QVERIFY2(r.ok(), r.error.c_str());
        QVERIFY(r.format == DataFormat::Bfcl);
        QCOMPARE(int(r.records.size()), records);
        QCOMPARE(r.issueCount, 0);
        QCOMPARE(int(countGoldCalls(r)), goldCalls);
        QCOMPARE(int(countGoldParams(r)), goldParams);
        for (const Record &record : r.records) {
            QCOMPARE(QString::fromUtf8(toString(record.category).data()), category);
            QVERIFY(!record.gold.empty());
            QVERIFY(!record.tools.empty());
            QVERIFY(record.conversation.front().role == Role::User);
            for (const Json &tool : record.tools)
                QVERIFY2(!hasForeignTypeName(tool["parameters"]), record.id.c_str());
            QCOMPARE(record.source.file, questions);
        }
        // The first line of the file is the first record, on line 1; the file has no
        // trailing newline, so the last one must still be there.
        QCOMPARE(r.records.front().source.line, 1);
        QCOMPARE(r.records.back().source.line, records);
    }

    void bfclQuirksAreKept()
    {
        const std::string dir = kData + "/bfcl-v4/";
        const ImportResult simple = importAs(dir + "BFCL_v4_simple_python.json", DataFormat::Bfcl,
                                             {dir + "possible_answer/BFCL_v4_simple_python.json"});
        const Record *r200 = findRecord(simple, "simple_python_200");
        QVERIFY(r200);
        const GoldParam *efficiency = findParam(r200->gold[0], "fuel_efficiency");
        QVERIFY(efficiency);
        QCOMPARE(efficiency->allowed.size(), std::size_t(2));
        QVERIFY(efficiency->omittable());
        QVERIFY(efficiency->allowed[1].is_number_float()); // 25.0 stays a float
        QCOMPARE(r200->meta.value("gold_style", std::string()), std::string("bfcl"));

        const ImportResult pm = importAs(dir + "BFCL_v4_parallel_multiple.json", DataFormat::Bfcl,
                                         {dir + "possible_answer/BFCL_v4_parallel_multiple.json"});
        const Record *r26 = findRecord(pm, "parallel_multiple_26");
        QVERIFY(r26);
        QVERIFY(findParam(r26->gold[1], "type")); // not declared by the tool, kept as gold has it

        // A dict parameter's gold keeps BFCL's nested alternatives; "dict" became "object".
        const ImportResult multiple = importAs(dir + "BFCL_v4_multiple.json", DataFormat::Bfcl,
                                               {dir + "possible_answer/BFCL_v4_multiple.json"});
        const Record *m8 = findRecord(multiple, "multiple_8");
        QVERIFY(m8);
        const GoldParam *budget = findParam(m8->gold[0], "budget");
        QVERIFY(budget);
        QCOMPARE(budget->allowed[0]["min"], Json::array({300000}));
        bool sawObject = false;
        for (const Json &tool : m8->tools)
            for (const auto &[name, prop] : tool["parameters"]["properties"].items())
                sawObject = sawObject || prop["type"] == "object";
        QVERIFY(sawObject);
    }

    void bfclAnswersFoundBesideQuestionsAndByIdAcrossFiles()
    {
        const std::string dir = kData + "/bfcl-v4/";
        // No --answers: the possible_answer file of the same name is used.
        const ImportResult r = importAs(dir + "BFCL_v4_parallel.json");
        QVERIFY2(r.ok(), r.error.c_str());
        QCOMPARE(r.records.size(), std::size_t(200));
        // Several answer files: matched by id.
        const ImportResult both = importAs(dir + "BFCL_v4_multiple.json", DataFormat::Bfcl,
                                           {dir + "possible_answer/BFCL_v4_parallel.json",
                                            dir + "possible_answer/BFCL_v4_multiple.json"});
        QCOMPARE(both.records.size(), std::size_t(200));
        // Wrong answers file: every question lacks its gold -> the file fails, saying why.
        const ImportResult wrong = importAs(dir + "BFCL_v4_multiple.json", DataFormat::Bfcl,
                                            {dir + "possible_answer/BFCL_v4_parallel.json"});
        QVERIFY(!wrong.ok());
        QVERIFY2(wrong.error.find("no gold answer with id \"multiple_0\"") != std::string::npos,
                 wrong.error.c_str());
    }

    void apiBankRealFile()
    {
        const ImportResult r = importAs(kData + "/api-bank-level1/level-1-api.json");
        QVERIFY2(r.ok(), r.error.c_str());
        QVERIFY(r.format == DataFormat::ApiBank);
        QCOMPARE(r.records.size(), std::size_t(399));
        QCOMPARE(countGoldCalls(r), std::size_t(399));
        QCOMPARE(r.issueCount, 0);
        // 31 expected outputs and 17 earlier calls write a list inside quotes (repaired, noted);
        // 8 gold calls name "device_id", which their API does not declare (kept, noted).
        int quotedGold = 0, quotedHistory = 0, undeclared = 0;
        for (const InputIssue &note : r.notes) {
            if (note.message.find("written inside quotes") != std::string::npos)
                (note.message.rfind("\"expected_output\"", 0) == 0 ? quotedGold : quotedHistory)++;
            if (note.message.find("is not declared") != std::string::npos)
                ++undeclared;
        }
        QCOMPARE(quotedGold, 31);
        QCOMPARE(quotedHistory, 17);
        QCOMPARE(undeclared, 8);
        QCOMPARE(int(r.notes.size()), 56);

        const Record *first
            = findRecord(r, "ModifyRegistration-QueryHealthData-CancelRegistration-level-2-2/0");
        QVERIFY(first);
        QCOMPARE(first->conversation.size(), std::size_t(5));
        QVERIFY(first->conversation[0].role == Role::System);
        QCOMPARE(first->conversation[0].content, std::string("The current year is 2023."));
        QVERIFY(first->conversation[1].role == Role::User);
        QCOMPARE(first->conversation[4].content,
                 std::string("Alright. I'll modify your appointment now."));
        QCOMPARE(first->tools.size(), std::size_t(3));
        QCOMPARE(first->tools[0]["parameters"]["properties"]["user_id"]["type"], Json("string"));
        QCOMPARE(first->gold[0].name, std::string("ModifyRegistration"));
        QCOMPARE(first->gold[0].params[1].allowed, std::vector<Json>{Json("2023-03-26")});
        QVERIFY(first->category == Category::Multiple);

        // An earlier call in the dialogue becomes an assistant call plus its tool result.
        const Record *second
            = findRecord(r, "ModifyRegistration-QueryHealthData-CancelRegistration-level-2-2/2");
        QVERIFY(second);
        bool sawCall = false;
        for (std::size_t i = 0; i + 1 < second->conversation.size(); ++i)
            if (!second->conversation[i].calls.empty()) {
                sawCall = true;
                QCOMPARE(second->conversation[i].calls[0].name, std::string("ModifyRegistration"));
                QVERIFY(second->conversation[i + 1].role == Role::Tool);
                QCOMPARE(second->conversation[i + 1].content, std::string("success"));
                QCOMPARE(second->conversation[i + 1].toolName, std::string("ModifyRegistration"));
            }
        QVERIFY(sawCall);

        // The repaired quoted list is a real list of objects.
        const Record *health
            = findRecord(r, "EmergencyKnowledge-ModifyRegistration-RecordHealthData-level-2-3/4");
        QVERIFY(health);
        const GoldParam *data = findParam(health->gold[0], "health_data");
        QVERIFY(data);
        QVERIFY(data->allowed[0].is_array());
        QCOMPARE(data->allowed[0].size(), std::size_t(2));
        QCOMPARE(data->allowed[0][0]["name"], Json("blood_pressure"));
        // "list(str)" is an array of strings.
        bool sawListOfStr = false;
        for (const Record &record : r.records)
            for (const Json &tool : record.tools)
                for (const auto &[name, prop] : tool["parameters"]["properties"].items())
                    if (prop.contains("items") && prop["items"]["type"] == "string"
                        && prop["type"] == "array")
                        sawListOfStr = true;
        QVERIFY(sawListOfStr);
    }

    void sealToolsRealFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("records");
        QTest::addColumn<int>("goldCalls");
        QTest::addColumn<int>("references");
        QTest::newRow("in domain") << "test_in_domain" << 700 << 1795 << 38;
        QTest::newRow("out of domain") << "test_out_domain" << 654 << 1937 << 32;
    }
    void sealToolsRealFiles()
    {
        QFETCH(QString, name);
        QFETCH(int, records);
        QFETCH(int, goldCalls);
        QFETCH(int, references);
        const std::string dir = kData + "/seal-tools/";
        const ImportResult r = importAs(dir + name.toStdString() + ".jsonl", DataFormat::Auto, {},
                                        dir + "tool.jsonl");
        QVERIFY2(r.ok(), r.error.c_str());
        QVERIFY(r.format == DataFormat::SealTools);
        QCOMPARE(int(r.records.size()), records);
        QCOMPARE(r.issueCount, 0);
        QCOMPARE(int(countGoldCalls(r)), goldCalls);
        int refs = 0;
        for (const Record &record : r.records) {
            QVERIFY(!record.domain.empty());
            for (const Json &tool : record.tools)
                QVERIFY2(!hasForeignTypeName(tool["parameters"]), tool.dump().c_str());
            for (const GoldCall &call : record.gold) {
                bool offered = false;
                for (const Json &tool : record.tools)
                    offered = offered || tool["name"] == call.name;
                QVERIFY2(offered, call.name.c_str());
            }
            if (auto it = record.meta["sealtools"].find("references");
                it != record.meta["sealtools"].end()) {
                for (const Json &ref : *it) {
                    ++refs;
                    // the reference stays the string it is in the data
                    const GoldParam *p
                        = findParam(record.gold[ref["call"].get<std::size_t>()], ref["param"]);
                    QVERIFY(p);
                    QCOMPARE(p->allowed[0], ref["refers_to"]);
                }
            }
        }
        QCOMPARE(refs, references);
    }

    void xlamFlatParametersBecomeSchemas()
    {
        const std::string tools
            = R"([{"name":"live_giveaways_by_type","description":"Get giveaways","parameters":{"type":{"description":"kind","type":"str","default":"game"},"limit":{"description":"max","type":"int, optional","default":10},"ids":{"description":"ids","type":"List[int]"},"ratio":{"description":"r","type":"float"},"opts":{"description":"o","type":"Dict[str, Any]"},"any":{"description":"a","type":"any"}}}])";
        const std::string answers
            = R"([{"name":"live_giveaways_by_type","arguments":{"type":"beta","ids":[1,2],"ratio":0.5}},{"name":"live_giveaways_by_type","arguments":{"type":"game"}}])";
        Json line{{"id", 7},
                  {"query", "Find beta and game giveaways."},
                  {"tools", tools},
                  {"answers", answers}};
        const ImportResult r = importAs(write("xlam.jsonl", line.dump() + "\n"));
        QVERIFY2(r.ok(), r.error.c_str());
        QVERIFY(r.format == DataFormat::Xlam);
        QCOMPARE(r.records.size(), std::size_t(1));
        const Record &rec = r.records[0];
        QCOMPARE(rec.id, std::string("7"));
        const Json &params = rec.tools[0]["parameters"];
        QCOMPARE(params["type"], Json("object"));
        QCOMPARE(params["properties"]["type"]["type"], Json("string"));
        QCOMPARE(params["properties"]["type"]["default"], Json("game"));
        QCOMPARE(params["properties"]["limit"]["type"], Json("integer"));
        QCOMPARE(params["properties"]["ids"]["type"], Json("array"));
        QCOMPARE(params["properties"]["ids"]["items"]["type"], Json("integer"));
        QCOMPARE(params["properties"]["ratio"]["type"], Json("number"));
        QCOMPARE(params["properties"]["opts"]["type"], Json("object"));
        QCOMPARE(params["properties"]["any"]["type"], Json("any"));
        QCOMPARE(params["required"],
                 Json::array({"type", "ids", "ratio", "opts", "any"})); // limit is optional
        QCOMPARE(rec.gold.size(), std::size_t(2));
        QCOMPARE(rec.gold[0].params[1].allowed, std::vector<Json>{Json::array({1, 2})});
        QVERIFY(rec.gold[0].params[2].allowed[0].is_number_float());
        QVERIFY(rec.category == Category::Parallel);
        QCOMPARE(rec.conversation.size(), std::size_t(1));
    }

    void shareGptConversationIsCutAtDecisionPoints()
    {
        Json tools = Json::array(
            {Json{{"name", "get_weather"},
                  {"description", "w"},
                  {"parameters", Json{{"type", "object"},
                                      {"properties", Json{{"city", Json{{"type", "string"}}}}},
                                      {"required", Json::array({"city"})}}}}});
        Json line{
            {"conversations",
             Json::array(
                 {Json{{"from", "human"}, {"value", "Hi"}},
                  Json{{"from", "gpt"}, {"value", "Hello! How can I help?"}},
                  Json{{"from", "human"}, {"value", "Weather in Paris and Rome?"}},
                  Json{{"from", "function_call"},
                       {"value", Json::array({Json{{"name", "get_weather"},
                                                   {"arguments", Json{{"city", "Paris"}}}},
                                              Json{{"name", "get_weather"},
                                                   {"arguments", Json{{"city", "Rome"}}.dump()}}})
                                     .dump()}},
                  Json{{"from", "observation"}, {"value", "[\"sunny\", \"rain\"]"}},
                  Json{{"from", "gpt"}, {"value", "Sunny in Paris, rain in Rome."}}})},
            {"system", "Be brief."},
            {"tools", tools.dump()}};
        const ImportResult r = importAs(write("sharegpt.json", "[" + line.dump() + "]"));
        QVERIFY2(r.ok(), r.error.c_str());
        QVERIFY(r.format == DataFormat::ShareGpt);
        // Two decision points: the greeting (no call) and the calls. The summary after a tool
        // result is context only.
        QCOMPARE(r.records.size(), std::size_t(2));
        const Record &greeting = r.records[0];
        QCOMPARE(greeting.id, std::string("sharegpt:1#2"));
        QVERIFY(greeting.gold.empty());
        QVERIFY(greeting.category == Category::None);
        QCOMPARE(greeting.meta["answer_text"], Json("Hello! How can I help?"));
        const Record &calls = r.records[1];
        QCOMPARE(calls.id, std::string("sharegpt:1"));
        QCOMPARE(calls.conversation.size(), std::size_t(4)); // system, human, gpt, human
        QVERIFY(calls.conversation[0].role == Role::System);
        QCOMPARE(calls.gold.size(), std::size_t(2));
        QCOMPARE(calls.gold[1].params[0].allowed[0], Json("Rome"));
        QVERIFY(calls.category == Category::Parallel);
        QCOMPARE(calls.tools[0]["name"], Json("get_weather"));
    }

    void openAiChatWithStringAndObjectArguments()
    {
        Json line{
            {"id", "chat-1"},
            {"messages",
             Json::array(
                 {Json{{"role", "system"}, {"content", "Today is 2026-11-29."}},
                  Json{{"role", "user"},
                       {"content", Json::array({Json{{"type", "text"}, {"text", "Convert 5 km "}},
                                                Json{{"type", "text"}, {"text", "to miles."}}})}},
                  Json{{"role", "assistant"},
                       {"content", nullptr},
                       {"tool_calls",
                        Json::array(
                            {Json{{"id", "c1"},
                                  {"type", "function"},
                                  {"function",
                                   Json{{"name", "convert"},
                                        {"arguments",
                                         "{\"value\": 5, \"from\": \"km\", \"to\": \"mi\"}"}}}}})}},
                  Json{{"role", "tool"}, {"tool_call_id", "c1"}, {"content", "3.107"}},
                  Json{{"role", "user"}, {"content", "And 10.0 km?"}},
                  Json{{"role", "assistant"},
                       {"tool_calls",
                        Json::array({Json{
                            {"type", "function"},
                            {"function",
                             Json{{"name", "convert"},
                                  {"arguments",
                                   Json{{"value", 10.0}, {"from", "km"}, {"to", "mi"}}}}}}})}}})},
            {"tools",
             Json::array({Json{
                 {"type", "function"},
                 {"function",
                  Json{{"name", "convert"},
                       {"description", "units"},
                       {"parameters",
                        Json{{"type", "object"},
                             {"properties", Json{{"value", Json{{"type", "number"}}}}}}}}}}})}};
        const ImportResult r = importAs(write("openai.jsonl", "\n" + line.dump() + "\n\n"));
        QVERIFY2(r.ok(), r.error.c_str());
        QVERIFY(r.format == DataFormat::OpenAi);
        QCOMPARE(r.records.size(), std::size_t(2));
        const Record &last = r.records[1];
        QCOMPARE(last.id, std::string("chat-1"));
        QCOMPARE(last.source.line, 2); // blank first line skipped, counted
        QCOMPARE(last.conversation[1].content, std::string("Convert 5 km to miles."));
        QCOMPARE(last.conversation[2].calls[0].arguments["value"], Json(5));
        QCOMPARE(last.conversation[3].toolName, std::string("convert")); // from tool_call_id
        QVERIFY(last.gold[0].params[0].allowed[0].is_number_float());
        QCOMPARE(last.tools[0]["parameters"]["required"], Json::array());
        QCOMPARE(r.records[0].id, std::string("chat-1#2"));
        QCOMPARE(r.records[0].gold[0].params[0].allowed[0], Json(5));
    }

    void toolAceToolsInSystemAndBracketCalls()
    {
        const std::string system
            = "You are an expert in composing functions. Here is a list of functions in JSON "
              "format that you can invoke:\n"
              R"([{"name": "Market Trends", "description": "Get trends", "parameters": {"type": "dict", "properties": {"trend_type": {"description": "kind", "type": "string"}, "country": {"description": "c", "type": "string", "default": "us"}, "limit": {"description": "n", "type": "int"}}, "required": ["trend_type"]}, "required": null}])"
              ".\nShould you decide to return the function call(s), put it in the format of "
              "[func1(params_name=params_value)]";
        Json line{
            {"system", system},
            {"conversations",
             Json::array(
                 {Json{{"from", "user"}, {"value", "Show me market gainers in the US, top 3."}},
                  Json{{"from", "assistant"},
                       {"value",
                        "[Market Trends(trend_type=\"MARKET_INDEXES\", country=\"us\", limit=3)]"}},
                  Json{{"from", "tool"},
                       {"value", "[{\"name\": \"Market Trends\", \"results\": {}}]"}},
                  Json{{"from", "assistant"}, {"value", "Here are the trends."}}})}};
        Json bad = line;
        bad["conversations"][1]["value"] = "[Market Trends(trend_type=, country=\"us\")]";
        const ImportResult r
            = importAs(write("toolace.json", "[\n" + line.dump() + ",\n" + bad.dump() + "\n]\n"));
        QVERIFY2(r.ok(), r.error.c_str());
        QVERIFY(r.format == DataFormat::ToolAce);
        // The broken call is reported with the line its element starts on, not read as text.
        QCOMPARE(r.issues.size(), std::size_t(1));
        QCOMPARE(r.issues[0].line, 3);
        QVERIFY2(r.issues[0].message.find("does not parse") != std::string::npos,
                 r.issues[0].message.c_str());
        QCOMPARE(r.records.size(), std::size_t(1));
        const Record &rec = r.records[0];
        QCOMPARE(rec.tools[0]["parameters"]["type"], Json("object"));
        QCOMPARE(rec.tools[0]["parameters"]["properties"]["limit"]["type"], Json("integer"));
        QCOMPARE(rec.tools[0]["parameters"]["required"], Json::array({"trend_type"}));
        // ToolACE names with spaces are read (the name is one of the record's tools).
        QCOMPARE(rec.gold[0].name, std::string("Market Trends"));
        QCOMPARE(rec.gold[0].params[0].allowed[0], Json("MARKET_INDEXES"));
        QCOMPARE(rec.gold[0].params[2].allowed[0], Json(3));
        QVERIFY(rec.meta["toolace"]["system"].get<std::string>().find("{tools}")
                != std::string::npos);
        QVERIFY(rec.meta["toolace"]["system"].get<std::string>().find("trend_type")
                == std::string::npos);
        QCOMPARE(rec.conversation.size(), std::size_t(1));
    }

    void nativeKeepsItsSourceAndFillsAMissingOne()
    {
        const std::string a
            = R"({"id":"a","tools":[],"conversation":[{"role":"user","content":"x"}],"gold":[],"source":{"file":"orig.jsonl","line":9}})";
        const std::string b
            = R"({"id":"b","tools":[],"conversation":[{"role":"user","content":"y"}],"gold":[]})";
        const std::string path = write("native.jsonl", a + "\r\n" + b);
        const ImportResult r = importAs(path);
        QVERIFY2(r.ok(), r.error.c_str());
        QVERIFY(r.format == DataFormat::Native);
        QCOMPARE(r.records[0].source, (SourceLocation{"orig.jsonl", 9}));
        QCOMPARE(r.records[1].source, (SourceLocation{path, 2}));
    }
};

QTEST_APPLESS_MAIN(TestImporters)
#include "tst_importers.moc"
