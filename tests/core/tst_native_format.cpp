// The native record format: every field survives a write/read, and bad shapes name the field.
#include "core/data/native_format.h"

#include <QtTest>

using namespace itool;
using namespace itool::data;

class TestNativeFormat : public QObject
{
    Q_OBJECT
private slots:
    void roundTripKeepsEveryField()
    {
        Record r;
        r.id = "demo-1";
        r.tools.push_back(Json::parse(R"({"name":"get_weather","description":"d","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}})"));
        r.conversation.push_back(Message{Role::System, "Today is 2026-11-29.", {}, {}});
        r.conversation.push_back(Message{Role::User, "Weather in Paris?", {}, {}});
        r.conversation.push_back(Message{Role::Assistant, "", {ConversationCall{"get_weather", Json{{"city", "Paris"}}}}, {}});
        r.conversation.push_back(Message{Role::Tool, "{\"temp\": 5.0}", {}, "get_weather"});
        r.gold.push_back(GoldCall{"get_weather", {GoldParam{"city", {"Paris", "paris"}}, GoldParam{"days", {Json(5), Json(5.0), Json("")}}}});
        r.category = Category::Simple;
        r.difficulty = Difficulty::Hard;
        r.difficultyByPerson = true;
        r.domain = "weather";
        r.source = {"x.jsonl", 7};
        r.meta = Json{{"today", "2026-11-29"}};

        const std::string line = recordToJson(r).dump();
        const Record back = recordFromJson(Json::parse(line));
        QVERIFY(back == r);
        // ints and floats stay distinct through the text form
        QVERIFY(back.gold[0].params[1].allowed[0].is_number_integer());
        QVERIFY(back.gold[0].params[1].allowed[1].is_number_float());
        QVERIFY(back.gold[0].params[1].omittable());
        QVERIFY(!back.gold[0].params[0].omittable());
    }

    void badShapesNameTheField_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not an object") << "[1]" << "expected a JSON object";
        QTest::newRow("no id") << R"({"tools":[],"conversation":[],"gold":[]})" << "\"id\"";
        QTest::newRow("bad role") << R"({"id":"a","tools":[],"conversation":[{"role":"bot","content":""}],"gold":[]})" << "unknown role";
        QTest::newRow("gold not list") << R"({"id":"a","tools":[],"conversation":[],"gold":[{"name":"f","arguments":{"x":3}}]})" << "list of allowed values";
        QTest::newRow("bad difficulty") << R"({"id":"a","tools":[],"conversation":[],"gold":[],"difficulty":"extreme"})" << "\"difficulty\"";
    }
    void badShapesNameTheField()
    {
        QFETCH(QString, line);
        QFETCH(QString, expected);
        try {
            recordFromJson(Json::parse(line.toStdString()));
            QFAIL("accepted a bad record");
        } catch (const FormatError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
        }
    }

    void categoryIsInferredWhenAbsent()
    {
        const Record r = recordFromJson(Json::parse(
            R"({"id":"a","tools":[{"name":"f"},{"name":"g"}],"conversation":[],"gold":[{"name":"f","arguments":{}},{"name":"g","arguments":{}}]})"));
        QVERIFY(r.category == Category::ParallelMultiple);
    }
};

QTEST_APPLESS_MAIN(TestNativeFormat)
#include "tst_native_format.moc"
