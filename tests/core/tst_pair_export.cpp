// Preference pair exports, field by field: TRL conversational (prefix in the prompt or in the
// responses), LLaMA-Factory sharegpt ranking with its dataset_info.json entry, OpenRLHF full
// message lists, the native form; edited pairs, pairs whose record is missing, and records
// read back from a workspace's datasets.
#include "core/data/exporter.h"
#include "core/data/native_format.h"
#include "core/store/pair_exporter.h"
#include "core/store/preference_store.h"
#include "core/store/workspace_store.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace itool;
using store::PairExportOptions;
using store::PairFormat;
using store::StoredPair;

namespace {

data::Record weatherRecord()
{
    data::Record r;
    r.id = "w1";
    r.tools.push_back(
        Json{{"name", "get_weather"},
             {"description", "Current weather"},
             {"parameters", Json{{"type", "object"},
                                 {"properties", Json{{"city", Json{{"type", "string"}}}}},
                                 {"required", Json::array({"city"})}}}});
    r.conversation.push_back(data::Message{data::Role::System, "You call tools.", {}, {}});
    r.conversation.push_back(data::Message{data::Role::User, "Weather in Paris?", {}, {}});
    r.gold.push_back(data::GoldCall{"get_weather", {data::GoldParam{"city", {Json("Paris")}}}});
    return r;
}

StoredPair weatherPair()
{
    StoredPair p;
    p.id = 7;
    p.run = "run-a";
    p.pair.recordId = "w1";
    p.pair.round = 1;
    p.pair.parentNode = 1;
    p.pair.chosenNode = 2;
    p.pair.rejectedNode = 3;
    p.pair.prompt = "rendered prompt";
    p.pair.prefix = "[get_weather(";
    p.pair.chosen = "city=\"Paris\")]";
    p.pair.rejected = "town=\"Paris\")]";
    p.pair.chosenValue = 0.8;
    p.pair.rejectedValue = -0.5;
    p.pair.chosenVisits = 3;
    p.pair.rejectedVisits = 2;
    p.pair.rejectedErrors
        = Json::array({Json{{"kind", "simple_function_checker:missing_required"}}});
    p.pair.status = "approved";
    return p;
}

Json msg(const char *role, const char *content)
{
    return Json{{"role", role}, {"content", content}};
}

Json turn(const char *from, const char *value)
{
    return Json{{"from", from}, {"value", value}};
}

Json exportOne(const StoredPair &p, const data::Record *r, PairFormat f,
               store::PrefixPlacement placement = store::PrefixPlacement::Prompt)
{
    PairExportOptions o;
    o.format = f;
    o.prefix = placement;
    std::vector<std::string> notes;
    return store::exportPair(p, r, o, notes);
}

} // namespace

class TestPairExport : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void trlPrefixInPrompt()
    {
        const data::Record r = weatherRecord();
        const Json j = exportOne(weatherPair(), &r, PairFormat::Trl);
        QCOMPARE(j.size(), std::size_t(4));
        const Json &prompt = j.at("prompt");
        QVERIFY(prompt.is_array());
        QCOMPARE(prompt.size(), std::size_t(3));
        QCOMPARE(prompt[0].at("role").get<std::string>(), std::string("system"));
        QCOMPARE(prompt[0].at("content").get<std::string>(), std::string("You call tools."));
        QCOMPARE(prompt[1].at("role").get<std::string>(), std::string("user"));
        QCOMPARE(prompt[1].at("content").get<std::string>(), std::string("Weather in Paris?"));
        QCOMPARE(prompt[2].at("role").get<std::string>(), std::string("assistant"));
        QCOMPARE(prompt[2].at("content").get<std::string>(), std::string("[get_weather("));
        QCOMPARE(j.at("chosen"),
                 Json::array({msg("assistant", "city=\"Paris\")]")}));
        QCOMPARE(j.at("rejected"),
                 Json::array({msg("assistant", "town=\"Paris\")]")}));
        const Json &tools = j.at("tools");
        QVERIFY(tools.is_array()); // a list of schemas, not a string
        QCOMPARE(tools.size(), std::size_t(1));
        QCOMPARE(tools[0].at("type").get<std::string>(), std::string("function"));
        QCOMPARE(tools[0].at("function").at("name").get<std::string>(), std::string("get_weather"));
        QCOMPARE(tools[0].at("function").at("parameters").at("required")[0].get<std::string>(),
                 std::string("city"));
    }

    void trlPrefixInResponses()
    {
        const data::Record r = weatherRecord();
        const Json j
            = exportOne(weatherPair(), &r, PairFormat::Trl, store::PrefixPlacement::Responses);
        QCOMPARE(j.at("prompt").size(), std::size_t(2));
        QCOMPARE(j.at("prompt").back().at("role").get<std::string>(), std::string("user"));
        QCOMPARE(j.at("chosen")[0].at("content").get<std::string>(),
                 std::string("[get_weather(city=\"Paris\")]"));
        QCOMPARE(j.at("rejected")[0].at("content").get<std::string>(),
                 std::string("[get_weather(town=\"Paris\")]"));
    }

    void trlEmptyPrefixAddsNoTurn()
    {
        const data::Record r = weatherRecord();
        StoredPair p = weatherPair();
        p.pair.prefix.clear();
        const Json j = exportOne(p, &r, PairFormat::Trl);
        QCOMPARE(j.at("prompt").size(), std::size_t(2));
    }

    void llamaFactoryRanking()
    {
        const data::Record r = weatherRecord();
        const Json j = exportOne(weatherPair(), &r, PairFormat::LlamaFactory);
        QCOMPARE(j.at("conversations"),
                 Json::array({turn("human", "Weather in Paris?")}));
        QCOMPARE(j.at("chosen"),
                 turn("gpt", "[get_weather(city=\"Paris\")]"));
        QCOMPARE(j.at("rejected"),
                 turn("gpt", "[get_weather(town=\"Paris\")]"));
        QCOMPARE(j.at("system").get<std::string>(), std::string("You call tools."));
        QVERIFY(j.at("tools").is_string()); // LLaMA-Factory wants a JSON string
        const Json tools = Json::parse(j.at("tools").get<std::string>());
        QCOMPARE(tools.size(), std::size_t(1));
        QCOMPARE(tools[0].at("name").get<std::string>(), std::string("get_weather"));
    }

    void llamaFactoryRefusesPromptEndingWithAssistant()
    {
        data::Record r = weatherRecord();
        r.conversation.push_back(data::Message{data::Role::Assistant, "Which Paris?", {}, {}});
        PairExportOptions o;
        o.format = PairFormat::LlamaFactory;
        std::vector<std::string> notes;
        QVERIFY_THROWS_EXCEPTION(data::ExportError, store::exportPair(weatherPair(), &r, o, notes));
    }

    void openRlhfFullMessageLists()
    {
        const data::Record r = weatherRecord();
        const Json j = exportOne(weatherPair(), &r, PairFormat::OpenRlhf);
        const Json &c = j.at("chosen");
        const Json &x = j.at("rejected");
        QCOMPARE(c.size(), std::size_t(3));
        QCOMPARE(x.size(), std::size_t(3));
        QCOMPARE(c[0], x[0]);
        QCOMPARE(c[1], x[1]);
        QCOMPARE(c[1].at("content").get<std::string>(), std::string("Weather in Paris?"));
        QCOMPARE(c[2],
                 msg("assistant", "[get_weather(city=\"Paris\")]"));
        QCOMPARE(x[2],
                 msg("assistant", "[get_weather(town=\"Paris\")]"));
    }

    void nativeKeepsEverythingAndEdits()
    {
        StoredPair p = weatherPair();
        p.pair.status = "edited";
        p.editedChosen = "city=\"Paris, FR\")]";
        p.editedRejected = "city=\"paris\")]";
        const Json j = exportOne(p, nullptr, PairFormat::Native);
        QCOMPARE(j.at("id").get<int>(), 7);
        QCOMPARE(j.at("run").get<std::string>(), std::string("run-a"));
        QCOMPARE(j.at("record").get<std::string>(), std::string("w1"));
        QCOMPARE(j.at("round").get<int>(), 1);
        QCOMPARE(j.at("nodes").at("chosen").get<int>(), 2);
        QCOMPARE(j.at("prefix").get<std::string>(), std::string("[get_weather("));
        QCOMPARE(j.at("chosen").get<std::string>(), p.editedChosen);
        QCOMPARE(j.at("rejected").get<std::string>(), p.editedRejected);
        QCOMPARE(j.at("original_chosen").get<std::string>(), p.pair.chosen);
        QCOMPARE(j.at("status").get<std::string>(), std::string("edited"));
        QCOMPARE(j.at("rejected_errors").size(), std::size_t(1));
        // and the trainers see the edited texts
        const data::Record r = weatherRecord();
        const Json t = exportOne(p, &r, PairFormat::Trl);
        QCOMPARE(t.at("chosen")[0].at("content").get<std::string>(), p.editedChosen);
    }

    void missingRecordFallsBackToStoredPrompt()
    {
        const Json j = exportOne(weatherPair(), nullptr, PairFormat::Trl);
        QCOMPARE(j.at("prompt")[0], msg("user", "rendered prompt"));
        QCOMPARE(j.at("tools"), Json::array());
        StoredPair p = weatherPair();
        p.pair.prompt.clear();
        PairExportOptions o;
        std::vector<std::string> notes;
        QVERIFY_THROWS_EXCEPTION(data::ExportError, store::exportPair(p, nullptr, o, notes));
    }

    void workspaceFileAndDatasetInfo()
    {
        // A workspace: one dataset file with the record, the pairs in the database.
        const QString ws = m_dir.filePath("ws");
        QVERIFY(QDir().mkpath(ws + "/data"));
        {
            std::ofstream f((ws + "/data/d.jsonl").toStdString());
            f << data::recordToJson(weatherRecord()).dump() << "\n";
        }
        const std::string db = store::workspaceDatabasePath(ws.toStdString());
        {
            store::WorkspaceStore w(db);
            w.addDataset({0, "d", "data/d.jsonl", "", "native", "", 1, 0});
            store::PreferenceStore prefs(db);
            search::PreferencePair a = weatherPair().pair, b = a;
            b.recordId = "gone";
            b.parentNode = 5;
            QCOMPARE(prefs.addPairs("run-a", {a, b}), 2);
        }
        store::PreferenceStore prefs(db);
        const auto pairs = prefs.pairs();
        const auto records = store::workspaceRecords(ws.toStdString(), pairs);
        QCOMPARE(records.size(), std::size_t(1));
        QVERIFY(records.count("w1"));

        // an existing dataset_info.json keeps its other entries
        {
            std::ofstream f((ws + "/dataset_info.json").toStdString());
            f << Json{{"other", Json{{"file_name", "x.json"}}}}.dump();
        }
        PairExportOptions o;
        o.format = PairFormat::LlamaFactory;
        o.datasetName = "weather_pairs";
        const std::string out = (ws + "/pairs.jsonl").toStdString();
        const auto result = store::exportPairsToFile(pairs, records, o, out);
        QCOMPARE(result.written, std::int64_t(2));
        QCOMPARE(result.withoutRecord, std::int64_t(1));
        std::ifstream in(out);
        std::string line;
        int lines = 0;
        while (std::getline(in, line)) {
            const Json j = Json::parse(line);
            QVERIFY(j.contains("conversations") && j.contains("chosen") && j.contains("rejected"));
            ++lines;
        }
        QCOMPARE(lines, 2);
        std::ifstream infoFile((ws + "/dataset_info.json").toStdString());
        const Json info = Json::parse(infoFile);
        QVERIFY(info.contains("other"));
        const Json &e = info.at("weather_pairs");
        QCOMPARE(e.at("file_name").get<std::string>(), std::string("pairs.jsonl"));
        QCOMPARE(e.at("formatting").get<std::string>(), std::string("sharegpt"));
        QCOMPARE(e.at("ranking").get<bool>(), true);
        QCOMPARE(e.at("columns").at("messages").get<std::string>(), std::string("conversations"));
        QCOMPARE(e.at("columns").at("chosen").get<std::string>(), std::string("chosen"));
        QCOMPARE(e.at("columns").at("rejected").get<std::string>(), std::string("rejected"));
        QCOMPARE(e.at("columns").at("tools").get<std::string>(), std::string("tools"));
        QCOMPARE(e.at("columns").at("system").get<std::string>(), std::string("system"));
    }

    void formatNames()
    {
        for (const char *n : {"trl", "llamafactory", "openrlhf", "native"})
            QCOMPARE(std::string(store::toString(*store::pairFormatFromString(n))), std::string(n));
        QVERIFY(!store::pairFormatFromString("dpo"));
    }
};

QTEST_APPLESS_MAIN(TestPairExport)
#include "tst_pair_export.moc"
