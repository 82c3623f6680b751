// The bundled tool catalog: size, domains, schema validity, look-alikes, and the simulated
// executors' contract (valid call -> deterministic result, invalid call -> error).
#include "core/data/argument_validator.h"
#include "core/data/civil_date.h"
#include "core/data/random_stream.h"
#include "core/data/tool_catalog.h"
#include "core/data/tool_simulator.h"

#include <QtTest>

#include <fstream>
#include <set>

using namespace itool;
using namespace itool::data;

class TestToolCatalog : public QObject
{
    Q_OBJECT
private slots:
    void hasAtLeastFortyToolsOverEightDomains()
    {
        const ToolCatalog &c = ToolCatalog::builtin();
        QVERIFY2(c.tools().size() >= 40, std::to_string(c.tools().size()).c_str());
        QVERIFY(c.domains().size() >= 8);
        std::set<std::string> names;
        for (const ToolDefinition &t : c.tools())
            QVERIFY2(names.insert(t.name()).second, ("duplicate tool " + t.name()).c_str());
        for (const char *domain : {"weather", "travel", "finance", "calendar", "messaging", "maps", "shopping", "units"})
            QVERIFY2(std::find(c.domains().begin(), c.domains().end(), domain) != c.domains().end(), domain);
    }

    void everySchemaIsWellFormedAndAllTypesOccur()
    {
        std::set<std::string> types;
        bool anyEnum = false, anyDefault = false, anyOptionalWithoutDefault = false;
        for (const ToolDefinition &t : ToolCatalog::builtin().tools()) {
            const auto problems = checkToolSchema(t.schema);
            QVERIFY2(problems.empty(), (t.name() + ": " + (problems.empty() ? "" : problems.front())).c_str());
            const Json &required = t.schema["parameters"]["required"];
            for (const auto &[name, p] : t.schema["parameters"]["properties"].items()) {
                types.insert(p["type"].get<std::string>());
                anyEnum |= p.contains("enum");
                const bool isRequired = std::find(required.begin(), required.end(), name) != required.end();
                anyDefault |= p.contains("default");
                anyOptionalWithoutDefault |= !isRequired && !p.contains("default");
            }
            QVERIFY(!t.domain.empty());
        }
        QCOMPARE(types, (std::set<std::string>{"string", "integer", "number", "boolean", "array", "object"}));
        QVERIFY(anyEnum && anyDefault && anyOptionalWithoutDefault);
    }

    void schemaCheckerCatchesBrokenSchemas()
    {
        Json bad = Json::parse(R"({"name":"f","description":"d","parameters":{"type":"object","properties":{"x":{"type":"float","description":"x"}},"required":["y"]}})");
        const auto problems = checkToolSchema(bad);
        QCOMPARE(problems.size(), std::size_t(2)); // unknown type, undeclared required
    }

    void lookAlikesExistAndIncludeTheClassicPairs()
    {
        const ToolCatalog &c = ToolCatalog::builtin();
        for (const ToolDefinition &t : c.tools())
            for (const std::string &other : t.lookAlikes)
                QVERIFY2(c.find(other) && other != t.name(), (t.name() + " -> " + other).c_str());
        auto alike = [&](const char *a, const char *b) {
            const auto &l = c.find(a)->lookAlikes;
            return std::find(l.begin(), l.end(), b) != l.end();
        };
        QVERIFY(alike("get_current_weather", "get_weather_forecast"));
        QVERIFY(alike("get_weather_forecast", "get_current_weather"));
        QVERIFY(alike("convert_currency", "get_exchange_rate"));
        QVERIFY(alike("get_exchange_rate", "convert_currency"));
    }

    void executorsAreDeterministicAndComputeRealValues()
    {
        const ToolSimulator sim;
        const Json args{{"amount", 100.0}, {"from_currency", "USD"}, {"to_currency", "EUR"}};
        const ToolResult a = sim.execute("convert_currency", args);
        const ToolResult b = sim.execute("convert_currency", args);
        QVERIFY2(a.ok, a.error.c_str());
        QCOMPARE(a.text(), b.text());
        QCOMPARE(a.value["converted_amount"].get<double>(), 92.0);
        const ToolResult w1 = sim.execute("get_current_weather", Json{{"location", "Paris"}});
        const ToolResult w2 = sim.execute("get_current_weather", Json{{"location", "Paris"}, {"unit", "celsius"}});
        QVERIFY(w1.ok);
        QCOMPARE(w1.text(), w2.text()); // defaults are filled before the call is seeded
        const ToolResult loan = sim.execute("calculate_loan_payment", Json{{"principal", 100000.0}, {"annual_rate_percent", 6.0}, {"years", 30}});
        QCOMPARE(loan.value["monthly_payment"].get<double>(), 599.55);
        const ToolResult conv = sim.execute("convert_units", Json{{"value", 10}, {"from_unit", "mile"}, {"to_unit", "kilometer"}});
        QCOMPARE(conv.value["result"].get<double>(), 16.0934);
        const ToolResult expr = sim.execute("calculate", Json{{"expression", "(12 + 7) * 3 - 2^3"}});
        QCOMPARE(expr.value["result"].get<double>(), 49.0);
    }

    void invalidCallsReturnErrors_data()
    {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown tool") << "fly_to_moon" << "{}" << "unknown tool";
        QTest::newRow("missing required") << "get_current_weather" << "{}" << "missing required parameter \"location\"";
        QTest::newRow("wrong type") << "get_weather_forecast" << R"({"location":"Paris","days":"three"})" << "must be an integer";
        QTest::newRow("float for integer") << "get_weather_forecast" << R"({"location":"Paris","days":3.0})" << "must be an integer";
        QTest::newRow("unknown parameter") << "get_stock_price" << R"({"symbol":"AAPL","exchange":"NYSE"})" << "unknown parameter";
        QTest::newRow("not in enum") << "get_current_weather" << R"({"location":"Paris","unit":"kelvin"})" << "must be one of";
        QTest::newRow("bad date") << "list_events" << R"({"date":"2026-02-30"})" << "YYYY-MM-DD";
        QTest::newRow("bad time") << "set_alarm" << R"({"time":"7am"})" << "HH:MM";
        QTest::newRow("unknown city") << "get_air_quality" << R"({"location":"Atlantis"})" << "unknown location";
        QTest::newRow("unknown currency") << "get_exchange_rate" << R"({"base_currency":"euros","target_currency":"USD"})" << "ISO 4217";
        QTest::newRow("days out of range") << "get_weather_forecast" << R"({"location":"Rome","days":30})" << "between 1 and 14";
        QTest::newRow("mixed dimensions") << "convert_units" << R"({"value":3,"from_unit":"mile","to_unit":"kilogram"})" << "cannot convert";
        QTest::newRow("object field") << "search_hotels" << R"({"city":"Rome","check_in":"2026-01-02","check_out":"2026-01-04","preferences":{"spa":true}})" << "no field";
        QTest::newRow("division by zero") << "calculate" << R"({"expression":"1/0"})" << "division by zero";
        QTest::newRow("arguments not object") << "get_stock_price" << "[1]" << "must be a JSON object";
    }
    void invalidCallsReturnErrors()
    {
        QFETCH(QString, tool);
        QFETCH(QString, args);
        QFETCH(QString, expected);
        const ToolResult r = ToolSimulator().execute(tool.toStdString(), Json::parse(args.toStdString()));
        QVERIFY(!r.ok);
        QVERIFY2(QString::fromStdString(r.error).contains(expected), r.error.c_str());
        QVERIFY(r.value.contains("error"));
    }

    void everyToolRejectsAMissingRequiredParameter()
    {
        const ToolSimulator sim;
        for (const ToolDefinition &t : ToolCatalog::builtin().tools()) {
            if (t.schema["parameters"]["required"].empty())
                continue;
            const ToolResult r = sim.execute(t.name(), Json::object());
            QVERIFY2(!r.ok && r.error.find("missing required") != std::string::npos, t.name().c_str());
        }
    }

    void bundledCatalogFileMatchesTheCode()
    {
        std::ifstream in(ITOOL_SOURCE_DIR "/datasets/tools.json");
        QVERIFY2(in, "datasets/tools.json is missing");
        const Json file = Json::parse(in);
        QVERIFY2(file == ToolCatalog::builtin().toJson(),
                 "datasets/tools.json is stale: regenerate it with itool generate --catalog (see datasets/README.md)");
    }

    void prngMatchesTheReferenceSequence()
    {
        std::uint64_t x = 0;
        QCOMPARE(RandomStream::splitMix(x), 0xe220a8397b1dcdafULL); // splitmix64 reference, seed 0
        QCOMPARE(RandomStream::splitMix(x), 0x6e789e6aa1b965f4ULL);
        RandomStream a(42), b(42);
        for (int i = 0; i < 1000; ++i) {
            const auto v = a.below(7);
            QCOMPARE(v, b.below(7));
            QVERIFY(v < 7);
            const double u = a.unit();
            b.unit();
            QVERIFY(u >= 0.0 && u < 1.0);
        }
    }

    void civilDatesAreRight()
    {
        const CivilDate d{2026, 11, 29};
        QCOMPARE(d.weekday(), 6); // a Sunday
        QCOMPARE(d.plusDays(3).iso(), std::string("2026-12-02"));
        QCOMPARE((CivilDate{2028, 2, 28}.plusDays(1).iso()), std::string("2028-02-29"));
        QCOMPARE(d.longText(), std::string("Sunday, November 29, 2026"));
        QVERIFY(!CivilDate::parseIso("2026-02-29"));
        QVERIFY(CivilDate::parseIso("2028-02-29"));
        QVERIFY(!CivilDate::parseIso("2026-1-05"));
    }
};

QTEST_APPLESS_MAIN(TestToolCatalog)
#include "tst_tool_catalog.moc"
