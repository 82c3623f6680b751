// The calendar, messaging, units-and-maths, smart-home, food, language/news and fitness
// tools of the bundled catalog. What it is not: the generator's phrasing for them.
#include "core/data/tool_definitions.h"
#include "core/data/world_data.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

namespace itool::data::tools {

namespace {

// + - * / ^ and parentheses over decimal numbers: enough for "calculate" and exact.
class Expression
{
public:
    explicit Expression(std::string text) : m_text(std::move(text)) {}
    double evaluate()
    {
        const double v = sum();
        skip();
        if (m_pos != m_text.size())
            fail();
        return v;
    }

private:
    [[noreturn]] void fail() const
    {
        throw ToolFailure("cannot evaluate \"" + m_text + "\" at position " + std::to_string(m_pos + 1)
                          + " (use numbers, + - * / ^ and parentheses)");
    }
    void skip()
    {
        while (m_pos < m_text.size() && m_text[m_pos] == ' ')
            ++m_pos;
    }
    bool eat(char c)
    {
        skip();
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    double sum()
    {
        double v = product();
        for (;;) {
            if (eat('+'))
                v += product();
            else if (eat('-'))
                v -= product();
            else
                return v;
        }
    }
    double product()
    {
        double v = power();
        for (;;) {
            if (eat('*')) {
                v *= power();
            } else if (eat('/')) {
                const double d = power();
                if (d == 0)
                    throw ToolFailure("division by zero in \"" + m_text + "\"");
                v /= d;
            } else {
                return v;
            }
        }
    }
    double power()
    {
        const double base = unary();
        return eat('^') ? std::pow(base, power()) : base;
    }
    double unary()
    {
        if (eat('-'))
            return -unary();
        if (eat('(')) {
            const double v = sum();
            if (!eat(')'))
                fail();
            return v;
        }
        skip();
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && (std::isdigit(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '.'))
            ++m_pos;
        if (start == m_pos)
            fail();
        return std::stod(m_text.substr(start, m_pos - start));
    }
    std::string m_text;
    std::size_t m_pos = 0;
};

Json unitEnum()
{
    Json p = str("Unit name");
    p["enum"] = Json::array();
    for (const world::Unit &u : world::units())
        p["enum"].push_back(u.name);
    return p;
}

} // namespace

void addCalendarTools(ToolCatalog &c)
{
    c.add({schema("create_event", "Add an event with a start time to the calendar.",
                  {{"title", str("Event title")}, {"date", str("Date, YYYY-MM-DD")}, {"start_time", str("Start time, 24-hour HH:MM")},
                   opt("duration_minutes", withDefault(integer("Length in minutes"), 60)),
                   opt("attendees", arrayOf("Email addresses of people to invite", str("Email address")))}),
           "calendar", {"create_reminder"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "title");
               requireIsoDate(a, "date");
               requireTime(a, "start_time");
               requirePositive(a, "duration_minutes");
               return Json{{"event_id", idFrom(r, "EV", 5)}, {"title", a["title"]}, {"date", a["date"]}, {"start_time", a["start_time"]},
                           {"status", "created"}};
           }});
    c.add({schema("list_events", "List the calendar events on a date.", {{"date", str("Date, YYYY-MM-DD")}}),
           "calendar", {"find_free_slot"},
           [](const Json &a, RandomStream &r) {
               requireIsoDate(a, "date");
               Json events = Json::array();
               const int n = r.range(2, 4);
               int start = r.range(8, 10) * 60;
               for (int i = 0; i < n; ++i) {
                   char hhmm[16];
                   std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", start / 60, start % 60);
                   events.push_back(Json{{"event_id", idFrom(r, "EV", 5)},
                                         {"title", r.pick({"Team stand-up", "Dentist appointment", "Lunch with Emma", "Project review", "Gym session", "Call with the bank"})},
                                         {"start_time", hhmm}});
                   start += r.range(2, 4) * 30 + 60;
               }
               return Json{{"date", a["date"]}, {"events", events}};
           }});
    c.add({schema("delete_event", "Delete a calendar event by its id.", {{"event_id", str("Event id, e.g. \"EV10234\"")}}),
           "calendar", {"list_events"},
           [](const Json &a, RandomStream &) {
               if (a["event_id"].get<std::string>().rfind("EV", 0) != 0)
                   throw ToolFailure("unknown event id \"" + a["event_id"].get<std::string>() + "\"");
               return Json{{"event_id", a["event_id"]}, {"status", "deleted"}};
           }});
    c.add({schema("create_reminder", "Set a reminder (a note that pops up) for a date.",
                  {{"text", str("What to be reminded of")}, {"date", str("Date, YYYY-MM-DD")},
                   opt("time", withDefault(str("Time of day, 24-hour HH:MM"), "09:00"))}),
           "calendar", {"create_event"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "text");
               requireIsoDate(a, "date");
               requireTime(a, "time");
               return Json{{"reminder_id", idFrom(r, "RM", 5)}, {"date", a["date"]}, {"time", a["time"]}, {"status", "scheduled"}};
           }});
    c.add({schema("find_free_slot", "Find free time in the calendar on a date.",
                  {{"date", str("Date, YYYY-MM-DD")}, {"duration_minutes", integer("Length of the slot needed, in minutes")}}),
           "calendar", {"list_events"},
           [](const Json &a, RandomStream &r) {
               requireIsoDate(a, "date");
               requirePositive(a, "duration_minutes");
               Json slots = Json::array();
               for (int h = r.range(9, 11); h < 18; h += r.range(2, 4)) {
                   char hhmm[16];
                   std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", h, r.chance(0.5) ? 0 : 30);
                   slots.push_back(hhmm);
               }
               return Json{{"date", a["date"]}, {"free_slots", slots}};
           }});
}

void addMessagingTools(ToolCatalog &c)
{
    c.add({schema("send_email", "Send an email.",
                  {{"to", str("Recipient email address")}, {"subject", str("Subject line")}, {"body", str("Message text")},
                   opt("cc", arrayOf("Email addresses to copy", str("Email address")))}),
           "messaging", {"send_message"},
           [](const Json &a, RandomStream &r) {
               if (a["to"].get<std::string>().find('@') == std::string::npos)
                   throw ToolFailure("parameter \"to\" must be an email address, got \"" + a["to"].get<std::string>() + "\"");
               return Json{{"message_id", idFrom(r, "M", 7)}, {"to", a["to"]}, {"status", "sent"}};
           }});
    c.add({schema("send_message", "Send a short text message to a contact or phone number.",
                  {{"recipient", str("Contact name or phone number")}, {"text", str("Message text")},
                   opt("platform", withDefault(enumOf("Messaging service", {"sms", "whatsapp", "telegram"}), "sms"))}),
           "messaging", {"send_email"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "recipient");
               requireNonEmpty(a, "text");
               return Json{{"message_id", idFrom(r, "T", 7)}, {"recipient", a["recipient"]}, {"platform", a["platform"]}, {"status", "delivered"}};
           }});
    c.add({schema("read_inbox", "List recent emails in a mail folder.",
                  {opt("folder", withDefault(enumOf("Mail folder", {"inbox", "sent", "spam", "archive"}), "inbox")),
                   opt("unread_only", withDefault(boolean("Only unread emails"), false)),
                   opt("limit", withDefault(integer("How many emails at most"), 10))}),
           "messaging", {"search_contacts"},
           [](const Json &a, RandomStream &r) {
               requirePositive(a, "limit");
               Json mails = Json::array();
               const int n = std::min(a["limit"].get<int>(), r.range(1, 4));
               for (int i = 0; i < n; ++i) {
                   const world::Contact &from = r.pick(world::contacts());
                   mails.push_back(Json{{"from", from.email}, {"subject", r.pick({"Quick question", "Invoice", "Plans for Saturday", "Meeting notes", "Re: your order"})},
                                        {"unread", a["unread_only"].get<bool>() || r.chance(0.5)}});
               }
               return Json{{"folder", a["folder"]}, {"emails", mails}};
           }});
    c.add({schema("search_contacts", "Look up contacts by name.", {{"query", str("Name or part of a name")}}),
           "messaging", {"read_inbox"},
           [](const Json &a, RandomStream &) {
               std::string q = a["query"].get<std::string>();
               std::transform(q.begin(), q.end(), q.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
               if (q.empty())
                   throw ToolFailure("parameter \"query\" must not be empty");
               Json found = Json::array();
               for (const world::Contact &contact : world::contacts()) {
                   std::string name = contact.name;
                   std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
                   if (name.find(q) != std::string::npos)
                       found.push_back(Json{{"name", contact.name}, {"email", contact.email}, {"phone", contact.phone}});
               }
               return Json{{"query", a["query"]}, {"contacts", found}};
           }});
}

void addMathTools(ToolCatalog &c)
{
    c.add({schema("convert_units", "Convert a quantity between units of the same kind.",
                  {{"value", number("Quantity to convert")}, {"from_unit", unitEnum()}, {"to_unit", unitEnum()}}),
           "units", {"calculate"},
           [](const Json &a, RandomStream &) {
               const world::Unit *from = world::findUnit(a["from_unit"].get<std::string>());
               const world::Unit *to = world::findUnit(a["to_unit"].get<std::string>());
               if (from->dimension != to->dimension)
                   throw ToolFailure("cannot convert " + from->dimension + " (" + from->name + ") to " + to->dimension + " (" + to->name + ")");
               const double v = a["value"].get<double>() * from->toBase / to->toBase;
               return Json{{"value", a["value"]}, {"from_unit", from->name}, {"to_unit", to->name}, {"result", std::round(v * 10000) / 10000}};
           }});
    c.add({schema("calculate", "Evaluate an arithmetic expression with + - * / ^ and parentheses.",
                  {{"expression", str("Expression, e.g. \"(12 + 7) * 3\"")}}),
           "units", {"convert_units", "calculate_tip"},
           [](const Json &a, RandomStream &) {
               const double v = Expression(a["expression"].get<std::string>()).evaluate();
               return Json{{"expression", a["expression"]}, {"result", std::round(v * 1e6) / 1e6}};
           }});
    c.add({schema("calculate_tip", "Work out the tip and each person's share of a bill.",
                  {{"bill_amount", number("Bill total before tip")},
                   opt("tip_percent", withDefault(number("Tip in percent"), 15.0)),
                   opt("split_between", withDefault(integer("Number of people paying"), 1))}),
           "units", {"calculate"},
           [](const Json &a, RandomStream &) {
               requirePositive(a, "bill_amount");
               requirePositive(a, "split_between");
               const double tip = a["bill_amount"].get<double>() * a["tip_percent"].get<double>() / 100.0;
               const double total = a["bill_amount"].get<double>() + tip;
               return Json{{"tip", round2(tip)}, {"total", round2(total)}, {"per_person", round2(total / a["split_between"].get<double>())}};
           }});
    c.add({schema("compute_statistics", "Compute mean, median, minimum and maximum of a list of numbers.",
                  {{"numbers", arrayOf("The numbers", number("A number"))}}),
           "units", {"calculate"},
           [](const Json &a, RandomStream &) {
               std::vector<double> v;
               for (const Json &x : a["numbers"])
                   v.push_back(x.get<double>());
               if (v.empty())
                   throw ToolFailure("parameter \"numbers\" must not be empty");
               std::sort(v.begin(), v.end());
               const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
               const std::size_t n = v.size();
               const double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
               return Json{{"count", n}, {"mean", round2(mean)}, {"median", round2(median)}, {"min", v.front()}, {"max", v.back()}};
           }});
    c.add({schema("solve_quadratic", "Solve a*x^2 + b*x + c = 0 for real x.",
                  {{"a", number("Coefficient of x^2")}, {"b", number("Coefficient of x")}, {"c", number("Constant term")}}),
           "units", {"calculate"},
           [](const Json &a, RandomStream &) {
               const double qa = a["a"].get<double>(), qb = a["b"].get<double>(), qc = a["c"].get<double>();
               if (qa == 0)
                   throw ToolFailure("parameter \"a\" must not be zero (that is a linear equation)");
               const double d = qb * qb - 4 * qa * qc;
               Json roots = Json::array();
               if (d >= 0) {
                   roots.push_back(round2((-qb + std::sqrt(d)) / (2 * qa)));
                   if (d > 0)
                       roots.push_back(round2((-qb - std::sqrt(d)) / (2 * qa)));
               }
               return Json{{"discriminant", round2(d)}, {"roots", roots}};
           }});
}

void addHomeTools(ToolCatalog &c)
{
    c.add({schema("set_thermostat", "Set the target temperature of the heating or cooling.",
                  {{"temperature_celsius", number("Target temperature in degrees Celsius")},
                   opt("room", withDefault(str("Room name"), "living room")),
                   opt("mode", withDefault(enumOf("Mode", {"heat", "cool", "auto"}), "auto"))}),
           "smart_home", {"set_lights"},
           [](const Json &a, RandomStream &) {
               const double t = a["temperature_celsius"].get<double>();
               if (t < 5 || t > 35)
                   throw ToolFailure("parameter \"temperature_celsius\" must be between 5 and 35, got " + a["temperature_celsius"].dump());
               return Json{{"room", a["room"]}, {"target_celsius", t}, {"mode", a["mode"]}, {"status", "ok"}};
           }});
    c.add({schema("set_lights", "Switch the lights of a room on or off, optionally dimmed.",
                  {{"room", str("Room name")}, {"on", boolean("true to switch on, false to switch off")},
                   opt("brightness_percent", integer("Brightness 1 to 100 when switching on"))}),
           "smart_home", {"set_thermostat"},
           [](const Json &a, RandomStream &) {
               if (a.contains("brightness_percent") && (a["brightness_percent"] < 1 || a["brightness_percent"] > 100))
                   throw ToolFailure("parameter \"brightness_percent\" must be between 1 and 100");
               return Json{{"room", a["room"]}, {"on", a["on"]}, {"status", "ok"}};
           }});
    c.add({schema("set_timer", "Start a countdown timer.",
                  {{"duration_minutes", integer("Length of the countdown in minutes")}, opt("label", str("Name shown when it rings"))}),
           "smart_home", {"set_alarm"},
           [](const Json &a, RandomStream &r) {
               requirePositive(a, "duration_minutes");
               return Json{{"timer_id", idFrom(r, "TM", 4)}, {"duration_minutes", a["duration_minutes"]}, {"status", "running"}};
           }});
    c.add({schema("set_alarm", "Set an alarm for a clock time.",
                  {{"time", str("Clock time, 24-hour HH:MM")}, opt("label", str("Name shown when it rings")),
                   opt("repeat_days", arrayOf("Weekdays to repeat on", enumOf("Weekday", {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})))}),
           "smart_home", {"set_timer"},
           [](const Json &a, RandomStream &r) {
               requireTime(a, "time");
               return Json{{"alarm_id", idFrom(r, "AL", 4)}, {"time", a["time"]}, {"status", "set"}};
           }});
    c.add({schema("lock_door", "Lock or unlock a door.",
                  {{"door", enumOf("Which door", {"front", "back", "garage"})}, opt("locked", withDefault(boolean("true to lock, false to unlock"), true))}),
           "smart_home", {"set_lights"},
           [](const Json &a, RandomStream &) {
               return Json{{"door", a["door"]}, {"locked", a["locked"]}, {"status", "ok"}};
           }});
}

void addFoodTools(ToolCatalog &c)
{
    c.add({schema("search_restaurants", "Search restaurants in a city by cuisine.",
                  {{"city", str("City name")}, {"cuisine", str("Kind of food, e.g. \"thai\"")},
                   opt("price_level", enumOf("Price level", {"cheap", "moderate", "expensive"}))}),
           "food", {"find_nearby_places", "reserve_table"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "city");
               requireNonEmpty(a, "cuisine");
               Json list = Json::array();
               for (int i = 0, n = r.range(2, 4); i < n; ++i)
                   list.push_back(Json{{"restaurant_id", idFrom(r, "R", 4)},
                                       {"name", std::string(r.pick({"Little", "Golden", "Old", "Blue", "Happy"})) + " " + r.pick({"Kitchen", "Table", "Garden", "House", "Spoon"})},
                                       {"rating", round1(3.2 + r.unit() * 1.8)}});
               return Json{{"city", a["city"]}, {"cuisine", a["cuisine"]}, {"restaurants", list}};
           }});
    c.add({schema("reserve_table", "Reserve a table at a restaurant.",
                  {{"restaurant_id", str("Restaurant id from search_restaurants")}, {"date", str("Date, YYYY-MM-DD")},
                   {"time", str("Time, 24-hour HH:MM")}, {"party_size", integer("Number of people")}}),
           "food", {"search_restaurants"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "restaurant_id");
               requireIsoDate(a, "date");
               requireTime(a, "time");
               requirePositive(a, "party_size");
               return Json{{"reservation_id", idFrom(r, "RS", 5)}, {"restaurant_id", a["restaurant_id"]}, {"date", a["date"]},
                           {"time", a["time"]}, {"party_size", a["party_size"]}, {"status", "confirmed"}};
           }});
    c.add({schema("get_recipe", "Find a recipe for a dish.",
                  {{"dish", str("Name of the dish")}, opt("servings", withDefault(integer("Number of servings"), 4)),
                   opt("diet", withDefault(enumOf("Dietary need", {"none", "vegetarian", "vegan", "gluten_free"}), "none"))}),
           "food", {"search_restaurants"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "dish");
               requirePositive(a, "servings");
               return Json{{"dish", a["dish"]}, {"servings", a["servings"]}, {"diet", a["diet"]},
                           {"prep_minutes", r.range(2, 12) * 5}, {"ingredients_count", r.range(4, 14)}};
           }});
}

void addLanguageTools(ToolCatalog &c)
{
    c.add({schema("translate_text", "Translate text into another language.",
                  {{"text", str("Text to translate")}, {"target_language", str("ISO 639-1 code of the target language, e.g. \"es\"")},
                   opt("source_language", withDefault(str("ISO 639-1 code of the source language, or \"auto\""), "auto"))}),
           "language", {"define_word"},
           [](const Json &a, RandomStream &) {
               requireNonEmpty(a, "text");
               const std::string target = a["target_language"].get<std::string>();
               if (target.size() != 2 || !std::islower(static_cast<unsigned char>(target[0])) || !std::islower(static_cast<unsigned char>(target[1])))
                   throw ToolFailure("parameter \"target_language\" must be a two-letter ISO 639-1 code such as \"fr\", got \"" + target + "\"");
               return Json{{"target_language", target}, {"translation", "[" + target + "] " + a["text"].get<std::string>()}};
           }});
    c.add({schema("define_word", "Look up the dictionary definition of an English word.", {{"word", str("The word")}}),
           "language", {"translate_text"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "word");
               return Json{{"word", a["word"]}, {"part_of_speech", r.pick({"noun", "verb", "adjective"})},
                           {"definition", "A sample dictionary definition of \"" + a["word"].get<std::string>() + "\"."}};
           }});
    c.add({schema("get_news_headlines", "Get the latest news headlines on a topic.",
                  {{"topic", enumOf("News topic", {"business", "technology", "sports", "science", "health", "world"})},
                   opt("country", withDefault(str("ISO 3166 two-letter country code, e.g. \"us\""), "us")),
                   opt("limit", withDefault(integer("How many headlines"), 5))}),
           "news", {"define_word"},
           [](const Json &a, RandomStream &r) {
               requirePositive(a, "limit");
               Json list = Json::array();
               for (int i = 0; i < std::min(3, a["limit"].get<int>()); ++i)
                   list.push_back(std::string(r.pick({"New report on", "Big week for", "Experts discuss", "Surprise in"})) + " " + a["topic"].get<std::string>());
               return Json{{"topic", a["topic"]}, {"country", a["country"]}, {"headlines", list}};
           }});
}

void addFitnessTools(ToolCatalog &c)
{
    c.add({schema("log_workout", "Record a workout in the fitness diary.",
                  {{"activity", enumOf("Kind of workout", {"running", "cycling", "swimming", "walking", "yoga", "strength"})},
                   {"duration_minutes", integer("Length in minutes")}, opt("distance_km", number("Distance covered in km"))}),
           "fitness", {"calculate_bmi"},
           [](const Json &a, RandomStream &r) {
               requirePositive(a, "duration_minutes");
               if (a.contains("distance_km"))
                   requirePositive(a, "distance_km");
               return Json{{"workout_id", idFrom(r, "W", 5)}, {"activity", a["activity"]}, {"calories", a["duration_minutes"].get<int>() * r.range(5, 11)}};
           }});
    c.add({schema("calculate_bmi", "Compute the body-mass index.",
                  {{"weight_kg", number("Body weight in kilograms")}, {"height_cm", number("Height in centimetres")}}),
           "fitness", {"log_workout"},
           [](const Json &a, RandomStream &) {
               requirePositive(a, "weight_kg");
               requirePositive(a, "height_cm");
               const double m = a["height_cm"].get<double>() / 100.0;
               const double bmi = a["weight_kg"].get<double>() / (m * m);
               return Json{{"bmi", round1(bmi)}, {"category", bmi < 18.5 ? "underweight" : bmi < 25 ? "normal" : bmi < 30 ? "overweight" : "obese"}};
           }});
}

} // namespace itool::data::tools
