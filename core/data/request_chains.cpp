// Multi-turn requests, list-form parallel requests and requests that need no call. The
// earlier turns are real: previous calls run on the simulator and the assistant's summary is
// written from the result, so the value the final call needs (a flight id, an email
// address, a city said three turns ago) is really there. What it is not: the single-call
// phrasings (request_intents_*.cpp).
#include "core/data/request_phrasing.h"

#include <cstdio>
#include <stdexcept>

namespace itool::data::synth {

namespace {

Message user(std::string text) { return Message{Role::User, std::move(text), {}, {}}; }
Message said(std::string text) { return Message{Role::Assistant, std::move(text), {}, {}}; }

// Runs an earlier call and appends the call and its result to the history.
Json previousCall(Draft &d, const ToolSimulator &sim, const DraftCall &call)
{
    const ToolResult result = sim.execute(call.tool, call.arguments);
    if (!result.ok)
        throw std::logic_error("generator drafted a failing earlier call: " + result.error);
    d.history.push_back(Message{Role::Assistant, "", {ConversationCall{call.tool, call.arguments}}, {}});
    d.history.push_back(Message{Role::Tool, result.text(), {}, call.tool});
    d.usedTools.push_back(call.tool);
    return result.value;
}

std::string dollars(double v)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "$%.2f", v);
    return buffer;
}

// Index of the smallest (or largest) value of key; ties resolved to the first.
std::size_t extreme(const Json &list, const char *key, bool largest)
{
    std::size_t best = 0;
    for (std::size_t i = 1; i < list.size(); ++i)
        if (largest ? list[i][key] > list[best][key] : list[i][key] < list[best][key])
            best = i;
    return best;
}

// Every id whose value ties with the chosen one: all are right.
std::vector<Json> tiedIds(const Json &list, std::size_t chosen, const char *key, const char *id)
{
    std::vector<Json> ids{list[chosen][id]};
    for (std::size_t i = 0; i < list.size(); ++i)
        if (i != chosen && list[i][key] == list[chosen][key])
            ids.push_back(list[i][id]);
    return ids;
}

const IntentEntry &intentFor(const char *tool)
{
    for (const IntentEntry &e : singleCallIntents())
        if (std::string_view(e.tool) == tool)
            return e;
    throw std::logic_error(std::string("no intent for ") + tool);
}

// The first drafted call of an intent, with its request text.
DraftCall firstDraft(Context &c, const char *tool, std::string &text)
{
    Draft scratch;
    intentFor(tool).draft(c, scratch);
    text = scratch.text;
    return scratch.calls.front();
}

void flightsThenBook(Context &c, Draft &d, const ToolSimulator &sim)
{
    std::string ask;
    const DraftCall search = firstDraft(c, "search_flights", ask);
    d.history.push_back(user(ask));
    const Json result = previousCall(d, sim, search);
    const Json &flights = result["flights"];
    std::string summary = "I found " + std::to_string(flights.size()) + " flights:";
    for (const Json &f : flights)
        summary += " " + f["flight_id"].get<std::string>() + " departing " + f["departure"].get<std::string>() + " (" + dollars(f["price_usd"].get<double>())
                   + (f["stops"] == 0 ? ", nonstop)" : ", 1 stop)") + ";";
    summary.back() = '.';
    d.history.push_back(said(summary + " Would you like me to book one?"));
    const bool cheapest = c.r.chance(0.6);
    const std::size_t pick = cheapest ? extreme(flights, "price_usd", false) : extreme(flights, "departure", false);
    DraftCall &k = d.call("book_flight");
    k.setAllowed("flight_id", tiedIds(flights, pick, cheapest ? "price_usd" : "departure", "flight_id"));
    const int passengers = search.arguments.value("passengers", 1);
    k.set("passengers", passengers);
    std::string who;
    if (search.arguments.contains("passengers")) {
        c.need(kEarlierTurn); // the count was given when searching
    } else {
        who = c.pick({" for me", " just for me"});
        c.need(kImplicitValue);
    }
    d.text = fill(c.pick({"Book the {which} one{who}.", "Great, go with the {which} flight{who}.", "Let's take the {which}{who}, please."}),
                  {{"which", cheapest ? "cheapest" : "earliest"}, {"who", who}});
    c.need(kToolResult);
}

void productsThenCart(Context &c, Draft &d, const ToolSimulator &sim)
{
    std::string ask;
    const DraftCall search = firstDraft(c, "search_products", ask);
    d.history.push_back(user(ask));
    const Json result = previousCall(d, sim, search);
    const Json &items = result["results"];
    std::string summary = "Here is what I found:";
    for (std::size_t i = 0; i < items.size(); ++i)
        summary += "\n" + std::to_string(i + 1) + ". " + items[i]["name"].get<std::string>() + ": " + dollars(items[i]["price"].get<double>()) + ", rated "
                   + items[i]["rating"].dump();
    d.history.push_back(said(summary));
    const int way = static_cast<int>(c.r.below(3));
    std::size_t pick = 0;
    std::vector<Json> ids;
    std::string which;
    if (way == 0) {
        pick = extreme(items, "price", false);
        ids = tiedIds(items, pick, "price", "product_id");
        which = "the cheapest one";
    } else if (way == 1) {
        pick = extreme(items, "rating", true);
        ids = tiedIds(items, pick, "rating", "product_id");
        which = "the best-rated one";
    } else {
        pick = c.r.below(items.size());
        ids = {items[pick]["product_id"]};
        static const char *ordinals[] = {"first", "second", "third", "fourth"};
        which = std::string("the ") + ordinals[pick] + " one";
    }
    DraftCall &k = d.call("add_to_cart");
    k.setAllowed("product_id", ids);
    const int n = c.r.range(1, 4);
    if (n == 1)
        k.set("quantity", 1, {""});
    else
        k.set("quantity", n);
    d.text = fill(c.pick({"Add {n}{which} to my cart.", "I'll take {n}{which}."}), {{"n", n == 1 ? std::string() : c.count(n) + " of "}, {"which", which}});
    c.need(kToolResult);
}

void restaurantsThenReserve(Context &c, Draft &d, const ToolSimulator &sim)
{
    std::string ask;
    const DraftCall search = firstDraft(c, "search_restaurants", ask);
    d.history.push_back(user(ask));
    const Json result = previousCall(d, sim, search);
    const Json &list = result["restaurants"];
    std::string summary = "Some options:";
    for (const Json &r : list)
        summary += " " + r["name"].get<std::string>() + " (rated " + r["rating"].dump() + "),";
    summary.back() = '.';
    d.history.push_back(said(summary));
    const std::size_t best = extreme(list, "rating", true);
    const auto w = c.when(0, 10);
    const auto t = c.anyClock(18, 21);
    const int n = c.r.range(2, 6);
    DraftCall &k = d.call("reserve_table");
    k.setAllowed("restaurant_id", tiedIds(list, best, "rating", "restaurant_id")).setAllowed("date", w.allowed).set("time", t.hhmm).set("party_size", n);
    d.text = fill(c.pick({"Book a table at the best-rated one for {n} {when} {time}.", "The highest rated sounds good. Table for {n}, {when} {time}."}),
                  {{"n", c.count(n)}, {"when", w.text}, {"time", t.text}});
    c.need(kToolResult);
}

void eventsThenDelete(Context &c, Draft &d, const ToolSimulator &sim)
{
    std::string ask;
    const DraftCall list = firstDraft(c, "list_events", ask);
    d.history.push_back(user(ask));
    const Json result = previousCall(d, sim, list);
    const Json &events = result["events"];
    std::string summary = "You have " + std::to_string(events.size()) + " events:";
    for (const Json &e : events)
        summary += " " + e["title"].get<std::string>() + " at " + e["start_time"].get<std::string>() + ",";
    summary.back() = '.';
    d.history.push_back(said(summary));
    // Refer to an event by its time (always unique here) or by a title that occurs once.
    const std::size_t pick = c.r.below(events.size());
    std::size_t sameTitle = 0;
    for (const Json &e : events)
        sameTitle += e["title"] == events[pick]["title"] ? 1 : 0;
    const bool byTitle = sameTitle == 1 && c.r.chance(0.6);
    d.call("delete_event").set("event_id", events[pick]["event_id"]);
    if (byTitle)
        d.text = fill(c.pick({"Cancel the {t}.", "Please delete the {t} from my calendar."}), {{"t", decapitalised(events[pick]["title"].get<std::string>())}});
    else
        d.text = fill(c.pick({"Delete the one at {t}.", "Cancel whatever is at {t}."}), {{"t", events[pick]["start_time"].get<std::string>()}});
    c.need(kToolResult);
}

void contactThenEmail(Context &c, Draft &d, const ToolSimulator &sim)
{
    const world::Contact &who = c.pick(world::contacts());
    const std::string first = who.name.substr(0, who.name.find(' '));
    DraftCall lookup{"search_contacts", Json{{"query", first}}, {}};
    d.history.push_back(user(fill(c.pick({"What's {n}'s email?", "Do I have {n} in my contacts?"}), {{"n", first}})));
    const Json result = previousCall(d, sim, lookup);
    const Json &found = result["contacts"].front();
    d.history.push_back(said(found["name"].get<std::string>() + "'s email is " + found["email"].get<std::string>() + " and phone " + found["phone"].get<std::string>() + "."));
    const std::string subject = c.pick({"Tomorrow", "Quick update", "Photos"});
    const std::string body = c.pick({"the photos from the weekend are online", "I'll be there at ten tomorrow", "thanks for your help today"});
    d.call("send_email").set("to", found["email"]).set("subject", subject).setAllowed("body", {body, capitalised(body), capitalised(body) + "."});
    d.text = fill(c.pick({"Email them with the subject \"{s}\" and tell them {b}.", "Send that address an email, subject \"{s}\", saying {b}."}),
                  {{"s", subject}, {"b", body}});
    c.need(kToolResult);
}

void hotelsThenBook(Context &c, Draft &d, const ToolSimulator &sim)
{
    std::string ask;
    const DraftCall search = firstDraft(c, "search_hotels", ask);
    d.history.push_back(user(ask));
    const Json result = previousCall(d, sim, search);
    const Json &hotels = result["hotels"];
    std::string summary = "Available:";
    for (const Json &h : hotels)
        summary += " " + h["name"].get<std::string>() + " at " + dollars(h["price_per_night"].get<double>()) + " a night (rated " + h["rating"].dump() + "),";
    summary.back() = '.';
    d.history.push_back(said(summary));
    const std::size_t cheapest = extreme(hotels, "price_per_night", false);
    const long nights = CivilDate::parseIso(search.arguments["check_out"].get<std::string>())->toDays()
                        - CivilDate::parseIso(search.arguments["check_in"].get<std::string>())->toDays();
    std::vector<Json> checkIn;
    for (const auto &[name, values] : search.allowed)
        if (name == "check_in")
            checkIn = values;
    DraftCall &k = d.call("book_hotel");
    k.setAllowed("hotel_id", tiedIds(hotels, cheapest, "price_per_night", "hotel_id")).setAllowed("check_in", checkIn).set("nights", static_cast<int>(nights));
    if (search.arguments.contains("guests"))
        k.set("guests", search.arguments["guests"]);
    d.text = c.pick({"Book the cheapest one.", "The cheapest is fine, book it.", "Go ahead and reserve the least expensive option."});
    c.need(kToolResult);
    c.need(kEarlierTurn); // dates and guests come from the first request
}

void tripThenForecast(Context &c, Draft &d, const ToolSimulator &)
{
    const auto p = c.place();
    d.history.push_back(user(fill(c.pick({"I'm heading to {loc} for a conference soon.", "My parents live in {loc} and I'm visiting them this week."}), {{"loc", p.text}})));
    d.history.push_back(said(c.pick({"Sounds good! How can I help you get ready?", "Nice. Anything I can look up for the trip?"})));
    const int days = c.r.range(2, 7);
    d.call("get_weather_forecast").setAllowed("location", p.allowed).set("days", days);
    d.text = fill(c.pick({"What will the weather be like there over the next {n} days?", "Can you get me the forecast there for the next {n} days?"}),
                  {{"n", c.count(days)}});
    c.need(kEarlierTurn);
}

void orderThenTrack(Context &c, Draft &d, const ToolSimulator &)
{
    const std::string id = "ORD-" + std::to_string(c.r.range(10000, 99999));
    d.history.push_back(user(fill(c.pick({"I bought a lamp last week, the order number is {id}.", "Hi, I have a question about order {id}."}), {{"id", id}})));
    d.history.push_back(said("Thanks, I have the order number. What would you like to know?"));
    d.call("track_order").set("order_id", id);
    d.text = c.pick({"Has it shipped yet?", "Where is it right now?", "When will it arrive?"});
    c.need(kEarlierTurn);
}

void numberThenText(Context &c, Draft &d, const ToolSimulator &)
{
    const world::Contact &who = c.pick(world::contacts());
    const std::string first = who.name.substr(0, who.name.find(' '));
    d.history.push_back(user(fill("Save this for later: {rel} {n}'s new number is {p}.", {{"rel", who.relation}, {"n", first}, {"p", who.phone}})));
    d.history.push_back(said("Got it, I'll remember " + first + "'s number."));
    const std::string text = c.pick({"I'm on my way", "Call me when you land", "The keys are under the mat"});
    d.call("send_message").set("recipient", who.phone, {first, who.name}).set("text", text, {text + "."});
    d.text = fill(c.pick({"Text {n} at that number: \"{t}\".", "Send {n} a message on the new number saying \"{t}\"."}), {{"n", first}, {"t", text}});
    c.need(kEarlierTurn);
}

} // namespace

void draftChain(Context &c, Draft &d, const ToolSimulator &sim)
{
    using Fn = void (*)(Context &, Draft &, const ToolSimulator &);
    static const std::vector<Fn> chains{flightsThenBook, productsThenCart, restaurantsThenReserve, eventsThenDelete, contactThenEmail,
                                        hotelsThenBook,  tripThenForecast, orderThenTrack,         numberThenText};
    c.pick(chains)(c, d, sim);
}

bool draftListForm(Context &c, Draft &d, const std::string &tool)
{
    const int n = c.r.range(2, 3);
    auto join = [](const std::vector<std::string> &parts) {
        std::string s;
        for (std::size_t i = 0; i < parts.size(); ++i)
            s += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
        return s;
    };
    if (tool == "get_current_weather") {
        std::vector<std::string> names;
        std::vector<const world::City *> seen;
        while (names.size() < static_cast<std::size_t>(n)) {
            const auto p = c.place();
            if (std::find(seen.begin(), seen.end(), p.city) != seen.end())
                continue;
            seen.push_back(p.city);
            names.push_back(p.text);
            d.call(tool).setAllowed("location", p.allowed);
        }
        d.text = fill(c.pick({"What's the weather like right now in {l}?", "Compare the current weather in {l}."}), {{"l", join(names)}});
        return true;
    }
    if (tool == "get_stock_price") {
        std::vector<std::string> names;
        std::vector<std::string> seen;
        while (names.size() < static_cast<std::size_t>(n)) {
            const world::Stock &s = c.pick(world::stocks());
            if (std::find(seen.begin(), seen.end(), s.symbol) != seen.end())
                continue;
            seen.push_back(s.symbol);
            const bool company = c.r.chance(0.6);
            if (company)
                c.need(kCodeLookup);
            names.push_back(company ? s.company : s.symbol);
            d.call(tool).set("symbol", s.symbol);
        }
        d.text = fill(c.pick({"Get me the current share prices of {l}.", "How are {l} trading right now?"}), {{"l", join(names)}});
        return true;
    }
    if (tool == "translate_text") {
        static const std::vector<std::pair<const char *, const char *>> langs{{"Spanish", "es"}, {"French", "fr"}, {"German", "de"}, {"Italian", "it"}, {"Japanese", "ja"}};
        const std::string text = c.pick({"Good morning", "See you tomorrow", "Where is the museum?"});
        std::vector<std::string> names, seen;
        while (names.size() < static_cast<std::size_t>(n)) {
            const auto &l = c.pick(langs);
            if (std::find(seen.begin(), seen.end(), l.second) != seen.end())
                continue;
            seen.push_back(l.second);
            names.push_back(l.first);
            d.call(tool).set("text", text).set("target_language", l.second);
        }
        c.need(kCodeLookup);
        d.text = fill("Translate \"{t}\" into {l}.", {{"t", text}, {"l", join(names)}});
        return true;
    }
    return false;
}

std::vector<std::string> draftNoCall(Context &c, Draft &d, const ToolCatalog &catalog, const ToolSimulator &sim)
{
    const int kind = static_cast<int>(c.r.below(10));
    if (kind < 4) { // nothing offered fits
        static const std::vector<const char *> chat{
            "Tell me a joke about programmers.", "What's the capital of Australia?", "Can you write a haiku about autumn?",
            "Who wrote Pride and Prejudice?", "Thanks, that's all for now!", "What's the difference between a crocodile and an alligator?",
            "Explain photosynthesis in one sentence.", "How are you today?", "Give me three tips for a job interview.",
            "What does HTTP stand for?", "Suggest a name for my new cat."};
        d.text = c.pick(chat);
        c.need(kNoToolFits);
        std::vector<std::string> offered;
        for (int i = 0, n = c.r.range(1, 4); i < n; ++i) {
            const std::string &name = c.pick(catalog.tools()).name();
            if (std::find(offered.begin(), offered.end(), name) == offered.end())
                offered.push_back(name);
        }
        return offered;
    }
    if (kind < 7) { // the tool is right but a required value is missing: ask, do not guess
        static const std::vector<std::pair<const char *, const char *>> vague{
            {"search_flights", "Can you find me a flight to Rome?"}, {"book_hotel", "Book me a hotel room."},
            {"send_email", "Send an email to my landlord about the heating."}, {"set_alarm", "Set an alarm for me."},
            {"create_event", "Add a meeting with Ben to my calendar."}, {"translate_text", "Translate this for me."},
            {"reserve_table", "Reserve a table for us tonight."}, {"convert_currency", "How much is that in euros?"},
            {"calculate_loan_payment", "What would my monthly loan payment be at 5%?"}, {"get_sunrise_sunset", "When does the sun set?"},
            {"set_thermostat", "Change the temperature in the bedroom."}, {"calculate_bmi", "What's my BMI? I'm 180 cm tall."}};
        const auto &v = c.pick(vague);
        d.text = v.second;
        c.need(kMissingInformation);
        return {v.first};
    }
    if (kind < 9) { // only a look-alike is offered, and it cannot do what is asked
        struct Trap
        {
            const char *tool;
            const char *text;
        };
        static const std::vector<Trap> traps{
            {"get_current_weather", "Will it rain in Paris next Tuesday?"},
            {"get_current_weather", "What's the forecast for Tokyo over the weekend?"},
            {"search_flights", "Is flight BA117 on time today?"},
            {"list_events", "Add a dentist appointment on Friday at 3pm."},
            {"get_stock_price", "Convert 100 dollars to euros."},
            {"set_timer", "Wake me up at 6:30 every weekday."},
            {"read_inbox", "Text Ana that I'm running late."},
            {"get_distance", "Give me walking directions from the station to the museum."}};
        const Trap &t = c.pick(traps);
        d.text = t.text;
        c.need(kLookAlike);
        c.need(kNoToolFits);
        return {t.tool};
    }
    // The answer is already in the conversation: a previous call's result answers it.
    std::string ask;
    Draft scratch;
    intentFor("get_current_weather").draft(c, scratch);
    d.history.push_back(user(scratch.text));
    const Json result = previousCall(d, sim, scratch.calls.front());
    d.history.push_back(said("It's " + result["temperature"].dump() + (result["unit"] == "fahrenheit" ? "°F" : "°C") + " and "
                             + result["condition"].get<std::string>() + " in " + result["location"].get<std::string>() + "."));
    d.text = c.pick({"Sorry, what was the humidity again?", "And how windy is it?", "So should I take a jacket?"});
    c.need(kToolResult);
    return {"get_current_weather"};
}

} // namespace itool::data::synth
