#pragma once
// Internal to the request generator: the drafting context (random stream, "today", the
// reasoning kinds a request needs) and the phrasing helpers every intent shares: numbers as
// words, relative dates, clock times, cities, currencies, and how a gold parameter's allowed
// values are listed. What it is not: the intents themselves (request_intents_*.cpp).
#include "core/data/civil_date.h"
#include "core/data/random_stream.h"
#include "core/data/record.h"
#include "core/data/tool_catalog.h"
#include "core/data/tool_simulator.h"
#include "core/data/world_data.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace itool::data::synth {

// The reasoning kinds recorded in meta.reasoning (documented in docs/synthetic-data.md).
inline constexpr const char *kNumberWord = "number_word";
inline constexpr const char *kUnitConversion = "unit_conversion";
inline constexpr const char *kRelativeDate = "relative_date";
inline constexpr const char *kDateArithmetic = "date_arithmetic";
inline constexpr const char *kDateFormat = "date_format";
inline constexpr const char *kTimeFormat = "time_format";
inline constexpr const char *kCodeLookup = "code_lookup";
inline constexpr const char *kEnumMapping = "enum_mapping";
inline constexpr const char *kImplicitValue = "implicit_value";
inline constexpr const char *kEarlierTurn = "earlier_turn";
inline constexpr const char *kToolResult = "tool_result";
inline constexpr const char *kLookAlike = "look_alike";
inline constexpr const char *kNoToolFits = "no_tool_fits";
inline constexpr const char *kMissingInformation = "missing_information";

struct DraftCall
{
    std::string tool;
    Json arguments = Json::object();          // one correct call (the first allowed values)
    std::vector<std::pair<std::string, std::vector<Json>>> allowed; // per parameter set

    DraftCall &set(const std::string &name, Json value, std::vector<Json> alternatives = {});
    DraftCall &setAllowed(const std::string &name, std::vector<Json> allowed);
    // A "number" parameter: 5.0 and 5 are both right when the value is whole.
    DraftCall &setNumber(const std::string &name, double value);
    // A value the user gave in another unit: exact and rounded forms are all right.
    DraftCall &setConverted(const std::string &name, double exact);
};

struct Draft
{
    std::vector<DraftCall> calls;
    std::string text;              // the user's request
    std::vector<Message> history;  // earlier turns after the system prompt
    std::vector<std::string> usedTools; // tools the history called (offered too)

    DraftCall &call(const std::string &tool)
    {
        calls.push_back(DraftCall{tool, Json::object(), {}});
        return calls.back();
    }
};

class Context
{
public:
    Context(RandomStream &random, CivilDate today) : r(random), today(today) {}

    RandomStream &r;
    CivilDate today;
    std::vector<std::string> reasoning;

    void need(const char *kind);
    template<typename T>
    const T &pick(const std::vector<T> &v) { return r.pick(v); }
    std::string pick(std::initializer_list<const char *> v) { return r.pick(v); }

    // "three" (needs number_word) or "3".
    std::string count(int n, double wordChance = 0.5);
    // A date phrase usable after a verb ("tomorrow", "on Friday", "on 2026-12-04") and its
    // allowed ISO forms; dayOffset is days after today (>= 0).
    struct When
    {
        std::string text;
        std::vector<Json> allowed; // ISO dates
        CivilDate date;
    };
    // unambiguous: never "next Friday" (two allowed dates), for calls where a second date
    // is computed from this one and the two must agree.
    When when(int minOffset, int maxOffset, bool unambiguous = false);
    // "at 3pm" style phrase and its HH:MM value.
    struct Clock
    {
        std::string text;
        std::string hhmm;
    };
    Clock clock(int hour, int minute);
    Clock anyClock(int fromHour, int toHour);

    // A city: the text the user writes and every accepted value for a location parameter.
    struct Place
    {
        const world::City *city;
        std::string text;
        std::vector<Json> allowed;
    };
    Place place();
    Place place(const world::City &city);
    // Airport parameter: the user names the city (code_lookup) or the code.
    Place airport(const world::City &city);
    const world::City &city() { return pick(world::cities()); }

    // Currency: code, and the words the user writes (needs code_lookup unless the code).
    std::pair<std::string, std::string> currency();
};

// Replaces {key} markers.
std::string fill(std::string_view pattern, std::initializer_list<std::pair<std::string_view, std::string>> values);
std::string capitalised(std::string text);
std::string decapitalised(std::string text);
std::string numberWord(int n); // "" when there is no word form
std::string money(double amount);   // 1250 -> "1,250", 12.5 -> "12.50"

// The intents: one or more phrasings per catalog tool; each fills a Draft with one call.
using Intent = void (*)(Context &, Draft &);
struct IntentEntry
{
    const char *tool;
    Intent draft;
};
const std::vector<IntentEntry> &singleCallIntents();
void addTravelIntents(std::vector<IntentEntry> &out);
void addMoneyIntents(std::vector<IntentEntry> &out);
void addEverydayIntents(std::vector<IntentEntry> &out);

// Multi-turn requests: earlier turns (a fact the user gave, or a previous call and its
// simulated result) that the final call's values depend on. usedTools lists the earlier
// calls' tools, which the record must offer too.
void draftChain(Context &c, Draft &d, const ToolSimulator &simulator);
// Several calls phrased as one list ("the weather in Paris and Rome"); false when the tool
// has no list phrasing.
bool draftListForm(Context &c, Draft &d, const std::string &tool);
// A request the right answer makes no call for. Fills d.text/history and returns the tools
// to offer (the ones the request is about, so that a model is tempted).
std::vector<std::string> draftNoCall(Context &c, Draft &d, const ToolCatalog &catalog, const ToolSimulator &simulator);

} // namespace itool::data::synth
