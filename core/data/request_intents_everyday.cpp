// Phrasings for the calendar, messaging, smart-home, language, news and fitness tools. What it
// is not: multi-turn chains or category assembly (request_generator.cpp).
#include "core/data/request_phrasing.h"

#include <cmath>

namespace itool::data::synth {

namespace {

struct Span
{
    int minutes;
    std::string text;
};

// Durations people say in hours or words ("an hour and a half") where tools want minutes.
Span duration(Context &c, std::vector<int> choices)
{
    const int m = c.pick(choices);
    std::string text;
    if (m == 30 && c.r.chance(0.6))
        text = "half an hour";
    else if (m == 60 && c.r.chance(0.7))
        text = c.pick({"an hour", "one hour"});
    else if (m == 90 && c.r.chance(0.7))
        text = c.pick({"an hour and a half", "one and a half hours"});
    else if (m % 60 == 0 && c.r.chance(0.6))
        text = c.count(m / 60) + " hours";
    else
        text = c.count(m) + " minutes";
    if (text.find("hour") != std::string::npos)
        c.need(kUnitConversion);
    return Span{m, text};
}

const std::vector<std::string> kTitles{"Team meeting", "Dentist appointment", "Project review", "Lunch with Emma", "Yoga class", "Call with the bank", "Budget planning"};

void createEvent(Context &c, Draft &d)
{
    const std::string title = c.pick(kTitles);
    const auto w = c.when(0, 30);
    const auto t = c.anyClock(8, 18);
    DraftCall &k = d.call("create_event");
    k.set("title", title, {decapitalised(title)}).setAllowed("date", w.allowed).set("start_time", t.hhmm);
    std::string extra;
    if (c.r.chance(0.5)) {
        const Span s = duration(c, {30, 45, 90, 120});
        k.set("duration_minutes", s.minutes);
        extra += " for " + s.text;
    }
    if (c.r.chance(0.3)) {
        const world::Contact &who = c.pick(world::contacts());
        k.set("attendees", Json::array({who.email}));
        extra += " and invite " + who.email;
    }
    d.text = fill(c.pick({"Add \"{title}\" to my calendar {when} {time}{extra}.", "Schedule a {ltitle} {when} {time}{extra}.",
                          "Put a {ltitle} in my calendar {time} {when}{extra}."}),
                  {{"title", title}, {"ltitle", decapitalised(title)}, {"when", w.text}, {"time", t.text}, {"extra", extra}});
}

void listEvents(Context &c, Draft &d)
{
    const auto w = c.when(0, 14);
    d.call("list_events").setAllowed("date", w.allowed);
    d.text = fill(c.pick({"What's on my calendar {when}?", "Do I have any meetings {when}?", "Show me my schedule {when}."}), {{"when", w.text}});
}

void deleteEvent(Context &c, Draft &d)
{
    const std::string id = "EV" + std::to_string(c.r.range(10000, 99999));
    d.call("delete_event").set("event_id", id);
    d.text = fill(c.pick({"Delete event {id} from my calendar.", "Cancel calendar entry {id}, please.", "Remove {id}; that meeting isn't happening."}), {{"id", id}});
}

void reminder(Context &c, Draft &d)
{
    const std::string task = c.pick({"call the plumber", "pay the rent", "water the plants", "buy a birthday present for Grace", "renew my passport"});
    const auto w = c.when(1, 30);
    DraftCall &k = d.call("create_reminder");
    k.set("text", task, {capitalised(task)}).setAllowed("date", w.allowed);
    std::string time;
    if (c.r.chance(0.5)) {
        const auto t = c.anyClock(7, 20);
        k.set("time", t.hhmm, t.hhmm == "09:00" ? std::vector<Json>{""} : std::vector<Json>{});
        time = " " + t.text;
    }
    d.text = fill(c.pick({"Remind me to {task} {when}{time}.", "Set a reminder {when}{time} to {task}.", "Don't let me forget to {task} {when}{time}."}),
                  {{"task", task}, {"when", w.text}, {"time", time}});
}

void freeSlot(Context &c, Draft &d)
{
    const auto w = c.when(0, 14);
    const Span s = duration(c, {30, 45, 60, 90, 120});
    d.call("find_free_slot").setAllowed("date", w.allowed).set("duration_minutes", s.minutes);
    d.text = fill(c.pick({"When am I free for {s} {when}?", "Find me a free {s} slot {when}.", "Do I have {s} open {when}?"}),
                  {{"s", s.text}, {"when", w.text}});
}

void sendEmail(Context &c, Draft &d)
{
    const world::Contact &who = c.pick(world::contacts());
    static const std::vector<std::pair<const char *, const char *>> notes{
        {"Budget", "the numbers for next quarter are ready"}, {"Saturday", "I can't make it on Saturday, sorry"},
        {"Invoice", "the invoice was paid this morning"},     {"Meeting notes", "the meeting notes are in the shared folder"}};
    const auto &note = c.pick(notes);
    DraftCall &k = d.call("send_email");
    k.set("to", who.email).set("subject", note.first).setAllowed("body", {note.second, capitalised(note.second), capitalised(note.second) + "."});
    std::string cc;
    if (c.r.chance(0.25)) {
        const world::Contact &other = c.pick(world::contacts());
        if (&other != &who) {
            k.set("cc", Json::array({other.email}));
            cc = " and cc " + other.email;
        }
    }
    d.text = fill(c.pick({"Email {to} with the subject \"{s}\" saying that {b}{cc}.", "Send an email to {to}{cc}. Subject: {s}. Tell them {b}."}),
                  {{"to", who.email}, {"s", note.first}, {"b", note.second}, {"cc", cc}});
}

void sendMessage(Context &c, Draft &d)
{
    const world::Contact &who = c.pick(world::contacts());
    const std::string text = c.pick({"I'm running ten minutes late", "Dinner is at 8", "Can you call me back?", "Happy birthday!"});
    DraftCall &k = d.call("send_message");
    const bool byPhone = c.r.chance(0.4);
    const std::string first = who.name.substr(0, who.name.find(' '));
    if (byPhone)
        k.set("recipient", who.phone);
    else
        k.set("recipient", who.name, {first});
    k.set("text", text, {text.back() == '!' || text.back() == '?' ? text : text + "."});
    std::string platform;
    if (c.r.chance(0.4)) {
        const std::string p = c.pick({"whatsapp", "telegram"});
        k.set("platform", p);
        platform = p == "whatsapp" ? " on WhatsApp" : " on Telegram";
    } else if (c.r.chance(0.2)) {
        k.set("platform", "sms", {""});
        platform = " by SMS";
    }
    d.text = fill(c.pick({"Text {to}{p}: \"{t}\".", "Send a message to {to}{p} saying \"{t}\".", "Message {to}{p} and say \"{t}\"."}),
                  {{"to", byPhone ? who.phone : (c.r.chance(0.5) ? who.name : first)}, {"p", platform}, {"t", text}});
}

void readInbox(Context &c, Draft &d)
{
    DraftCall &k = d.call("read_inbox");
    std::string text;
    const int roll = static_cast<int>(c.r.below(3));
    if (roll == 0) {
        k.set("unread_only", true);
        text = c.pick({"Do I have any unread emails?", "Show me my unread mail."});
    } else if (roll == 1) {
        const int n = c.r.range(3, 8);
        k.set("limit", n);
        text = "Show me my last " + c.count(n) + " emails.";
    } else {
        const std::string folder = c.pick({"spam", "sent", "archive"});
        k.set("folder", folder);
        text = fill(c.pick({"What's in my {f} folder?", "List the emails in {f}."}), {{"f", folder}});
    }
    d.text = text;
}

void searchContacts(Context &c, Draft &d)
{
    const world::Contact &who = c.pick(world::contacts());
    const std::string first = who.name.substr(0, who.name.find(' '));
    const bool full = c.r.chance(0.4);
    d.call("search_contacts").set("query", full ? who.name : first, {full ? first : who.name});
    d.text = fill(c.pick({"What's {n}'s email address?", "Look up {n} in my contacts.", "Find the phone number for {n}."}), {{"n", full ? who.name : first}});
}

void thermostat(Context &c, Draft &d)
{
    DraftCall &k = d.call("set_thermostat");
    std::string temp;
    if (c.r.chance(0.5)) {
        const int f = c.r.range(62, 78);
        k.setConverted("temperature_celsius", (f - 32) * 5.0 / 9.0);
        temp = std::to_string(f) + c.pick({" degrees Fahrenheit", "°F", " F"});
        c.need(kUnitConversion);
    } else {
        const int t = c.r.range(17, 25);
        k.setNumber("temperature_celsius", t);
        temp = std::to_string(t) + c.pick({" degrees", "°C", " degrees Celsius"});
    }
    std::string room, mode;
    if (c.r.chance(0.5)) {
        const std::string r = c.pick({"bedroom", "kitchen", "office", "living room"});
        k.set("room", r, r == "living room" ? std::vector<Json>{""} : std::vector<Json>{});
        room = " in the " + r;
    }
    const int m = static_cast<int>(c.r.below(3));
    if (m == 0) {
        k.set("mode", "heat");
        d.text = room.empty() ? fill(c.pick({"Turn the heating up to {t}.", "Put the heating on, {t} please."}), {{"t", temp}})
                              : fill(c.pick({"Heat{room} up to {t}.", "Warm{room} up to {t}, please."}), {{"room", " the" + room.substr(7)}, {"t", temp}});
        c.need(kEnumMapping);
        return;
    }
    if (m == 1) {
        k.set("mode", "cool");
        d.text = room.empty() ? fill("Turn on the air conditioning and cool things down to {t}.", {{"t", temp}})
                              : fill("Cool{room} down to {t}.", {{"room", " the" + room.substr(7)}, {"t", temp}});
        c.need(kEnumMapping);
        return;
    }
    d.text = fill(c.pick({"Set the thermostat{room} to {t}.", "Can you make it {t}{room}?"}), {{"room", room}, {"t", temp}});
}

void lights(Context &c, Draft &d)
{
    const std::string room = c.pick({"bedroom", "kitchen", "hallway", "living room", "office"});
    DraftCall &k = d.call("set_lights");
    k.set("room", room);
    if (c.r.chance(0.35)) {
        k.set("on", false);
        d.text = fill(c.pick({"Turn off the lights in the {r}.", "Switch the {r} lights off."}), {{"r", room}});
        return;
    }
    k.set("on", true);
    if (c.r.chance(0.5)) {
        const int b = c.pick(std::vector<int>{20, 30, 40, 50, 75});
        k.set("brightness_percent", b);
        d.text = fill(c.pick({"Dim the {r} lights to {b}%.", "Turn on the {r} lights at {b} percent."}), {{"r", room}, {"b", std::to_string(b)}});
        if (d.text.rfind("Dim", 0) == 0)
            c.need(kImplicitValue); // dimming means switching on
        return;
    }
    d.text = fill(c.pick({"Turn on the lights in the {r}.", "Lights on in the {r}, please."}), {{"r", room}});
}

void timer(Context &c, Draft &d)
{
    const Span s = duration(c, {5, 10, 12, 15, 20, 25, 30, 45, 60, 90, 120});
    DraftCall &k = d.call("set_timer");
    k.set("duration_minutes", s.minutes);
    std::string label;
    if (c.r.chance(0.4)) {
        const std::string l = c.pick({"pasta", "laundry", "tea", "oven"});
        k.set("label", l);
        label = " for the " + l;
    }
    d.text = fill(c.pick({"Set a timer for {s}{l}.", "Start a {s} countdown{l}.", "Time {s}{l} for me."}), {{"s", s.text}, {"l", label}});
}

void alarm(Context &c, Draft &d)
{
    const auto t = c.anyClock(5, 9);
    DraftCall &k = d.call("set_alarm");
    k.set("time", t.hhmm);
    std::string repeat;
    const int roll = static_cast<int>(c.r.below(3));
    if (roll == 0) {
        k.set("repeat_days", Json::array({"monday", "tuesday", "wednesday", "thursday", "friday"}));
        repeat = c.pick({" on weekdays", " every weekday"});
        c.need(kEnumMapping);
    } else if (roll == 1) {
        k.set("repeat_days", Json::array({"saturday", "sunday"}));
        repeat = " on weekends";
        c.need(kEnumMapping);
    }
    d.text = fill(c.pick({"Wake me up {t}{r}.", "Set an alarm {t}{r}.", "I need an alarm {t}{r}."}), {{"t", t.text}, {"r", repeat}});
}

void lockDoor(Context &c, Draft &d)
{
    const std::string door = c.pick({"front", "back", "garage"});
    DraftCall &k = d.call("lock_door");
    k.set("door", door);
    if (c.r.chance(0.35)) {
        k.set("locked", false);
        d.text = fill(c.pick({"Unlock the {d} door.", "Can you open the lock on the {d} door?"}), {{"d", door}});
    } else {
        if (c.r.chance(0.5))
            k.set("locked", true, {""});
        d.text = fill(c.pick({"Lock the {d} door.", "Did I lock the {d} door? Lock it, please."}), {{"d", door}});
    }
}

void translate(Context &c, Draft &d)
{
    static const std::vector<std::pair<const char *, const char *>> languages{
        {"Spanish", "es"}, {"French", "fr"}, {"German", "de"}, {"Italian", "it"}, {"Japanese", "ja"}, {"Portuguese", "pt"}, {"Korean", "ko"}};
    const auto &lang = c.pick(languages);
    const std::string text = c.pick({"Where is the train station?", "Thank you for your help", "How much does this cost?", "I would like a table for two"});
    d.call("translate_text").set("text", text).set("target_language", lang.second);
    c.need(kCodeLookup);
    d.text = fill(c.pick({"Translate \"{t}\" into {l}.", "How do you say \"{t}\" in {l}?"}), {{"t", text}, {"l", lang.first}});
}

void define(Context &c, Draft &d)
{
    const std::string word = c.pick({"ephemeral", "ubiquitous", "serendipity", "laconic", "quixotic", "pragmatic"});
    d.call("define_word").set("word", word);
    d.text = fill(c.pick({"What does \"{w}\" mean?", "Define the word {w}.", "I keep hearing \"{w}\". What's the definition?"}), {{"w", word}});
}

void news(Context &c, Draft &d)
{
    static const std::vector<std::pair<const char *, const char *>> topics{
        {"technology", "tech"}, {"sports", "sports"}, {"business", "business"}, {"science", "science"}, {"health", "health"}, {"world", "world"}};
    const auto &topic = c.pick(topics);
    DraftCall &k = d.call("get_news_headlines");
    k.set("topic", topic.first);
    if (std::string(topic.first) != topic.second)
        c.need(kEnumMapping);
    std::string where, limit;
    if (c.r.chance(0.4)) {
        static const std::vector<std::pair<const char *, std::vector<Json>>> countries{
            {"the UK", {"gb", "uk"}}, {"Germany", {"de"}}, {"France", {"fr"}}, {"Japan", {"jp"}}, {"Canada", {"ca"}}};
        const auto &country = c.pick(countries);
        k.setAllowed("country", country.second);
        where = std::string(" in ") + country.first;
        c.need(kCodeLookup);
    }
    if (c.r.chance(0.4)) {
        const int n = c.r.range(3, 10);
        k.set("limit", n);
        limit = c.count(n) + " ";
    }
    d.text = fill(c.pick({"What are the top {n}{t} headlines{w}?", "Show me the latest {n}{t} headlines{w}."}),
                  {{"n", limit}, {"t", topic.second}, {"w", where}});
}

void workout(Context &c, Draft &d)
{
    static const std::vector<std::pair<const char *, const char *>> acts{
        {"running", "went for a run"}, {"cycling", "went cycling"}, {"swimming", "swam"}, {"walking", "went for a walk"}, {"yoga", "did yoga"}};
    const auto &act = c.pick(acts);
    DraftCall &k = d.call("log_workout");
    k.set("activity", act.first);
    const Span s = duration(c, {20, 30, 45, 60, 90});
    k.set("duration_minutes", s.minutes);
    std::string dist;
    const std::string a = act.first;
    if (a != "yoga" && c.r.chance(0.6)) {
        if (c.r.chance(0.6)) {
            const int miles = c.r.range(2, 12);
            k.setConverted("distance_km", miles * 1.609344);
            dist = " and covered " + c.count(miles) + " miles";
            c.need(kUnitConversion);
        } else {
            const int km = c.r.range(2, 30);
            k.setNumber("distance_km", km);
            dist = " and covered " + std::to_string(km) + " km";
        }
    }
    d.text = fill(c.pick({"Log my workout: I {a} for {s}{d}.", "I just {a} for {s}{d}. Please record it."}), {{"a", act.second}, {"s", s.text}, {"d", dist}});
}

void bmi(Context &c, Draft &d)
{
    DraftCall &k = d.call("calculate_bmi");
    if (c.r.chance(0.5)) {
        const int lbs = c.r.range(110, 240), feet = c.r.range(5, 6), inches = c.r.range(0, 11);
        k.setConverted("weight_kg", lbs * 0.45359237).setConverted("height_cm", (feet * 12 + inches) * 2.54);
        c.need(kUnitConversion);
        d.text = fill(c.pick({"I weigh {w} pounds and I'm {f} foot {i}. What's my BMI?", "What's the BMI for someone who is {f}'{i}\" and {w} lbs?"}),
                      {{"w", std::to_string(lbs)}, {"f", std::to_string(feet)}, {"i", std::to_string(inches)}});
    } else {
        const int kg = c.r.range(50, 110), cm = c.r.range(150, 200);
        k.setNumber("weight_kg", kg).setNumber("height_cm", cm);
        d.text = fill(c.pick({"Calculate my BMI: {w} kg, {h} cm.", "I'm {h} cm tall and weigh {w} kilos. What's my BMI?"}), {{"w", std::to_string(kg)}, {"h", std::to_string(cm)}});
    }
}

} // namespace

void addEverydayIntents(std::vector<IntentEntry> &out)
{
    out.insert(out.end(), {{"create_event", createEvent}, {"list_events", listEvents}, {"delete_event", deleteEvent},
                           {"create_reminder", reminder}, {"find_free_slot", freeSlot}, {"send_email", sendEmail},
                           {"send_message", sendMessage}, {"read_inbox", readInbox}, {"search_contacts", searchContacts},
                           {"set_thermostat", thermostat}, {"set_lights", lights}, {"set_timer", timer}, {"set_alarm", alarm},
                           {"lock_door", lockDoor}, {"translate_text", translate}, {"define_word", define},
                           {"get_news_headlines", news}, {"log_workout", workout}, {"calculate_bmi", bmi}});
}

} // namespace itool::data::synth
