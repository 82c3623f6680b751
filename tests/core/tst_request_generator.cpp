// The request generator: determinism, category and reasoning mix, no-call records, and
// that gold values really follow from the request (number words, dates, units, earlier
// turns, tool results) and really run on the simulated tools.
#include "core/data/argument_validator.h"
#include "core/data/civil_date.h"
#include "core/data/native_format.h"
#include "core/data/request_generator.h"
#include "core/data/request_phrasing.h"
#include "core/data/tool_simulator.h"

#include <QtTest>

#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace itool;
using namespace itool::data;

namespace {

const std::vector<Record> &sample()
{
    static const std::vector<Record> records = [] {
        std::vector<Record> out;
        const RequestGenerator g(11);
        for (std::uint64_t i = 0; i < 3000; ++i)
            out.push_back(g.generate(i));
        return out;
    }();
    return records;
}

std::string lastUser(const Record &r) { return r.conversation.back().content; }

std::string userText(const Record &r)
{
    std::string s;
    for (const Message &m : r.conversation)
        if (m.role == Role::User)
            s += m.content + "\n";
    return s;
}

bool hasReasoning(const Record &r, const char *kind)
{
    const Json &list = r.meta["reasoning"];
    return std::find(list.begin(), list.end(), kind) != list.end();
}

const GoldParam *param(const GoldCall &call, const char *name)
{
    for (const GoldParam &p : call.params)
        if (p.name == name)
            return &p;
    return nullptr;
}

bool allows(const GoldParam *p, const Json &value)
{
    return p && std::find(p->allowed.begin(), p->allowed.end(), value) != p->allowed.end();
}

int wordValue(const std::string &word)
{
    for (int n = 1; n <= 100; ++n)
        if (synth::numberWord(n) == word)
            return n;
    return -1;
}

} // namespace

class TestRequestGenerator : public QObject
{
    Q_OBJECT
private slots:
    void sameSeedSameBytesOtherSeedOtherBytes()
    {
        std::ostringstream a, b, c;
        writeGeneratedRecords(a, 400, 5);
        writeGeneratedRecords(b, 400, 5);
        writeGeneratedRecords(c, 400, 6);
        QVERIFY(a.str() == b.str());
        QVERIFY(a.str() != c.str());
        // Record i does not depend on how many come before it.
        QVERIFY(recordToJson(RequestGenerator(5).generate(399)).dump() == recordToJson(RequestGenerator(5).generate(399)).dump());
    }

    void everyCategoryAndNoCallRecordsArePresent()
    {
        std::map<Category, int> counts;
        for (const Record &r : sample()) {
            ++counts[r.category];
            QVERIFY(r.category == inferCategory(r));
            if (r.category == Category::None)
                QVERIFY(r.gold.empty());
        }
        for (Category c : {Category::None, Category::Simple, Category::Multiple, Category::Parallel, Category::ParallelMultiple})
            QVERIFY2(counts[c] >= 150, std::string(toString(c)).c_str()); // each at least 5 %
    }

    void everyReasoningKindOccurs()
    {
        std::map<std::string, int> kinds;
        for (const Record &r : sample())
            for (const Json &k : r.meta["reasoning"])
                ++kinds[k.get<std::string>()];
        for (const char *k : {synth::kNumberWord, synth::kUnitConversion, synth::kRelativeDate, synth::kDateArithmetic,
                              synth::kDateFormat, synth::kTimeFormat, synth::kCodeLookup, synth::kEnumMapping, synth::kImplicitValue,
                              synth::kEarlierTurn, synth::kToolResult, synth::kLookAlike, synth::kNoToolFits, synth::kMissingInformation})
            QVERIFY2(kinds[k] >= 10, k);
        int needsReasoning = 0;
        for (const Record &r : sample())
            needsReasoning += r.meta["reasoning"].empty() ? 0 : 1;
        QVERIFY(needsReasoning > 1500); // "often"
    }

    void recordsAreWellFormed()
    {
        std::set<std::string> ids;
        for (const Record &r : sample()) {
            QVERIFY(ids.insert(r.id).second);
            QVERIFY(!r.domain.empty());
            QCOMPARE(r.meta["generator"].get<std::string>(), std::string(RequestGenerator::kGeneratorName));
            QVERIFY(r.source.file.rfind("synthetic:seed=11", 0) == 0);
            QVERIFY(r.conversation.front().role == Role::System);
            const auto today = CivilDate::parseIso(r.meta["today"].get<std::string>());
            QVERIFY(today);
            QVERIFY(r.conversation.front().content.find(today->longText()) != std::string::npos);
            QVERIFY(r.conversation.back().role == Role::User);
            QVERIFY(!lastUser(r).empty());
            QVERIFY(lastUser(r).find('{') == std::string::npos); // no unfilled template markers
            QVERIFY(lastUser(r).find("  ") == std::string::npos);
            for (const GoldCall &g : r.gold) {
                QVERIFY2(std::any_of(r.tools.begin(), r.tools.end(), [&](const Json &t) { return t["name"] == g.name; }), r.id.c_str());
                for (const GoldParam &p : g.params)
                    QVERIFY(!p.allowed.empty());
            }
            QVERIFY(recordFromJson(recordToJson(r)) == r);
        }
    }

    // Every allowed value of every gold parameter, tried in a call, runs on the simulator.
    void everyGoldCallRunsOnTheSimulator()
    {
        const ToolSimulator sim;
        std::set<std::string> toolsSeen;
        for (const Record &r : sample()) {
            for (const GoldCall &g : r.gold) {
                toolsSeen.insert(g.name);
                Json base = Json::object();
                for (const GoldParam &p : g.params)
                    if (!(p.allowed.front().is_string() && p.allowed.front().get<std::string>().empty()))
                        base[p.name] = p.allowed.front();
                const ToolResult first = sim.execute(g.name, base);
                QVERIFY2(first.ok, (r.id + " " + g.name + ": " + first.error + " args " + base.dump()).c_str());
                for (const GoldParam &p : g.params)
                    for (const Json &v : p.allowed) {
                        Json args = base;
                        if (v.is_string() && v.get<std::string>().empty())
                            args.erase(p.name);
                        else
                            args[p.name] = v;
                        const ToolResult res = sim.execute(g.name, args);
                        QVERIFY2(res.ok, (r.id + " " + g.name + ": " + res.error + " args " + args.dump()).c_str());
                    }
            }
            // Earlier calls in the conversation ran too, and their results are in the tool turns.
            for (std::size_t i = 0; i < r.conversation.size(); ++i)
                for (const ConversationCall &call : r.conversation[i].calls) {
                    QVERIFY(i + 1 < r.conversation.size() && r.conversation[i + 1].role == Role::Tool);
                    QCOMPARE(r.conversation[i + 1].content, sim.execute(call.name, call.arguments).text());
                }
        }
        QCOMPARE(toolsSeen.size(), ToolCatalog::builtin().tools().size()); // every tool is exercised
    }

    void numberWordsMatchTheGold()
    {
        const std::regex days("next ([a-z-]+) days");
        const std::regex nights("(?:for|staying) ([a-z-]+) nights");
        int checked = 0;
        for (const Record &r : sample()) {
            if (r.gold.size() != 1)
                continue;
            std::smatch m;
            const std::string text = lastUser(r);
            if (r.gold[0].name == "get_weather_forecast" && std::regex_search(text, m, days) && wordValue(m[1]) > 0) {
                QVERIFY(hasReasoning(r, synth::kNumberWord));
                QVERIFY2(allows(param(r.gold[0], "days"), wordValue(m[1])), r.id.c_str());
                ++checked;
            }
            if (r.gold[0].name == "search_hotels" && std::regex_search(text, m, nights) && wordValue(m[1]) > 0) {
                const auto in = CivilDate::parseIso(param(r.gold[0], "check_in")->allowed[0].get<std::string>());
                const auto out = CivilDate::parseIso(param(r.gold[0], "check_out")->allowed[0].get<std::string>());
                QCOMPARE(out->toDays() - in->toDays(), static_cast<long>(wordValue(m[1])));
                ++checked;
            }
        }
        QVERIFY2(checked >= 10, std::to_string(checked).c_str());
    }

    void relativeDatesMatchTheGold()
    {
        int tomorrow = 0, weekdays = 0;
        const std::regex nextDay("(?:on|this|this coming|next) (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)");
        for (const Record &r : sample()) {
            // Single requests without history: their one date phrase fills the first date.
            if (r.gold.size() != 1 || r.conversation.size() != 2)
                continue;
            const GoldParam *date = nullptr;
            for (const GoldParam &p : r.gold[0].params)
                if (!date && p.allowed[0].is_string() && CivilDate::parseIso(p.allowed[0].get<std::string>()))
                    date = &p;
            if (!date)
                continue;
            const CivilDate today = *CivilDate::parseIso(r.meta["today"].get<std::string>());
            const std::string text = lastUser(r);
            if (text.find(" tomorrow") != std::string::npos && text.find("from tomorrow") == std::string::npos
                && text.find("after tomorrow") == std::string::npos) {
                QVERIFY2(allows(date, today.plusDays(1).iso()), r.id.c_str());
                ++tomorrow;
            }
            std::smatch m;
            if (std::regex_search(text, m, nextDay)) {
                for (const Json &v : date->allowed) {
                    const CivilDate d = *CivilDate::parseIso(v.get<std::string>());
                    QCOMPARE(std::string(weekdayName(d.weekday())), m[1].str());
                    QVERIFY(d.toDays() > today.toDays() && d.toDays() <= today.toDays() + 14);
                }
                ++weekdays;
            }
        }
        QVERIFY2(tomorrow >= 3 && weekdays >= 5, (std::to_string(tomorrow) + " " + std::to_string(weekdays)).c_str());
    }

    void unitConversionsMatchTheGold()
    {
        const std::regex pounds("a ([a-z0-9-]+) (?:pounds|lbs) parcel");
        const std::regex fahrenheit("([0-9]+)(?: degrees Fahrenheit|°F| F)");
        int checked = 0;
        for (const Record &r : sample()) {
            if (r.gold.size() != 1)
                continue;
            std::smatch m;
            const std::string text = lastUser(r);
            if (r.gold[0].name == "calculate_shipping" && std::regex_search(text, m, pounds)) {
                const int n = std::isdigit(static_cast<unsigned char>(m[1].str()[0])) ? std::stoi(m[1]) : wordValue(m[1]);
                QVERIFY(hasReasoning(r, synth::kUnitConversion));
                QVERIFY(std::fabs(param(r.gold[0], "weight_kg")->allowed[0].get<double>() - n * 0.45359237) < 1e-3);
                ++checked;
            }
            if (r.gold[0].name == "set_thermostat" && std::regex_search(text, m, fahrenheit)) {
                const double c = (std::stoi(m[1]) - 32) * 5.0 / 9.0;
                for (const Json &v : param(r.gold[0], "temperature_celsius")->allowed)
                    QVERIFY(std::fabs(v.get<double>() - c) <= 0.01 * std::fabs(c) + 1e-9);
                ++checked;
            }
        }
        QVERIFY2(checked >= 10, std::to_string(checked).c_str());
    }

    void earlierTurnsAndToolResultsCarryTheValue()
    {
        int fromEarlier = 0, fromResult = 0, lookAlikes = 0;
        for (const Record &r : sample()) {
            if (r.gold.empty())
                continue;
            if (hasReasoning(r, synth::kToolResult)) {
                // Some gold value is found in a tool turn and not in the final request.
                bool found = false;
                for (const GoldCall &g : r.gold)
                    for (const GoldParam &p : g.params)
                        for (const Json &v : p.allowed)
                            if (v.is_string() && !v.get<std::string>().empty() && lastUser(r).find(v.get<std::string>()) == std::string::npos)
                                for (const Message &m : r.conversation)
                                    found |= m.role == Role::Tool && m.content.find("\"" + v.get<std::string>() + "\"") != std::string::npos;
                QVERIFY2(found, r.id.c_str());
                ++fromResult;
            }
            if (r.gold[0].name == "track_order" && hasReasoning(r, synth::kEarlierTurn)) {
                const std::string id = r.gold[0].params[0].allowed[0].get<std::string>();
                QVERIFY(lastUser(r).find(id) == std::string::npos);
                QVERIFY(userText(r).find(id) != std::string::npos);
                ++fromEarlier;
            }
            if (hasReasoning(r, synth::kLookAlike)) {
                bool offered = false;
                for (const GoldCall &g : r.gold)
                    for (const std::string &alike : ToolCatalog::builtin().find(g.name)->lookAlikes)
                        offered |= std::any_of(r.tools.begin(), r.tools.end(), [&](const Json &t) { return t["name"] == alike; });
                QVERIFY2(offered, r.id.c_str());
                ++lookAlikes;
            }
        }
        QVERIFY(fromEarlier >= 5 && fromResult >= 50 && lookAlikes >= 200);
    }
};

QTEST_APPLESS_MAIN(TestRequestGenerator)
#include "tst_request_generator.moc"
