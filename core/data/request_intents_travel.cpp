// Phrasings for the weather, travel, maps and food tools: each intent writes one request and
// its gold call, and records the reasoning the values need. What it is not: multi-turn
// chains or category assembly (request_generator.cpp).
#include "core/data/request_phrasing.h"

namespace itool::data::synth {

namespace {

const char *unitPhrase(Context &c, DraftCall &k)
{
    if (c.r.chance(0.3)) {
        k.set("unit", "fahrenheit");
        return c.r.chance(0.5) ? " in Fahrenheit" : " in °F";
    }
    if (c.r.chance(0.15)) {
        k.set("unit", "celsius", {""});
        return " in Celsius";
    }
    return "";
}

void currentWeather(Context &c, Draft &d)
{
    DraftCall &k = d.call("get_current_weather");
    const auto p = c.place();
    k.setAllowed("location", p.allowed);
    const std::string unit = unitPhrase(c, k);
    d.text = fill(c.pick({"What's the weather like in {loc} right now{unit}?", "How warm is it in {loc} at the moment{unit}?",
                          "Tell me the current temperature in {loc}{unit}.", "Is it raining in {loc} right now?",
                          "Can you check the current conditions in {loc}{unit}?", "I'm about to head out in {loc}: what's it like outside now{unit}?"}),
                  {{"loc", p.text}, {"unit", unit}});
    if (d.text.find("raining") != std::string::npos && unit[0] != '\0')
        d.text = fill("Is it raining in {loc} right now? Give me the temperature{unit} too.", {{"loc", p.text}, {"unit", unit}});
}

void forecast(Context &c, Draft &d)
{
    DraftCall &k = d.call("get_weather_forecast");
    const auto p = c.place();
    k.setAllowed("location", p.allowed);
    std::string span;
    const int roll = static_cast<int>(c.r.below(5));
    if (roll == 0) {
        k.set("days", 7);
        span = c.pick({"for the coming week", "for the next week", "for the week ahead"});
        c.need(kImplicitValue);
    } else if (roll == 1) {
        span = "";
    } else {
        const int days = c.r.range(2, 10);
        k.set("days", days);
        span = c.pick({"for the next ", "over the next ", "for the coming "}) + c.count(days) + " days";
    }
    const std::string unit = unitPhrase(c, k);
    d.text = fill(c.pick({"What's the forecast for {loc} {span}{unit}?", "Will it rain in {loc} {span}? Show me the forecast{unit}.",
                          "Give me the weather forecast {span} in {loc}{unit}.", "I'm planning a trip to {loc}; what does the weather look like {span}{unit}?"}),
                  {{"loc", p.text}, {"span", span}, {"unit", unit}});
    // Tidy the double spaces an empty span leaves.
    for (std::size_t at; (at = d.text.find("  ")) != std::string::npos;)
        d.text.erase(at, 1);
    for (std::size_t at; (at = d.text.find(" ?")) != std::string::npos;)
        d.text.erase(at, 1);
    for (std::size_t at; (at = d.text.find(" .")) != std::string::npos;)
        d.text.erase(at, 1);
}

void airQuality(Context &c, Draft &d)
{
    DraftCall &k = d.call("get_air_quality");
    const auto p = c.place();
    k.setAllowed("location", p.allowed);
    d.text = fill(c.pick({"What's the air quality index in {loc}?", "Is the air safe to breathe in {loc} today?",
                          "How bad is the pollution in {loc} right now?", "Check the AQI for {loc}, please."}),
                  {{"loc", p.text}});
}

void sunriseSunset(Context &c, Draft &d)
{
    DraftCall &k = d.call("get_sunrise_sunset");
    const auto p = c.place();
    const auto w = c.when(0, 20);
    k.setAllowed("location", p.allowed).setAllowed("date", w.allowed);
    d.text = fill(c.pick({"What time does the sun set in {loc} {when}?", "When is sunrise in {loc} {when}?",
                          "I want to photograph the sunrise in {loc} {when}. What time is it?"}),
                  {{"loc", p.text}, {"when", w.text}});
}

void searchFlights(Context &c, Draft &d)
{
    DraftCall &k = d.call("search_flights");
    const world::City &from = c.city();
    const world::City *to = &c.city();
    while (to == &from)
        to = &c.city();
    const auto o = c.airport(from);
    const auto t = c.airport(*to);
    const auto w = c.when(1, 40);
    k.setAllowed("origin", o.allowed).setAllowed("destination", t.allowed).setAllowed("date", w.allowed);
    std::string who;
    if (c.r.chance(0.45)) {
        const int n = c.r.range(2, 5);
        k.set("passengers", n);
        who = c.r.chance(0.3) && n > 2 ? " for me and " + c.count(n - 1) + " friends" : " for " + c.count(n) + " people";
        if (who.find("me and") != std::string::npos)
            c.need(kImplicitValue);
    }
    std::string cabin;
    if (c.r.chance(0.25)) {
        const std::string cls = c.pick({"business", "first", "premium_economy"});
        k.set("cabin", cls);
        cabin = cls == "premium_economy" ? " in premium economy" : " in " + cls + " class";
    }
    d.text = fill(c.pick({"Find me flights from {o} to {t} {when}{who}{cabin}.", "Are there any flights {o} to {t} {when}{who}{cabin}?",
                          "I need to fly from {o} to {t} {when}{who}. Search flights{cabin}, please.",
                          "Search flights {when} from {o} to {t}{who}{cabin}."}),
                  {{"o", o.text}, {"t", t.text}, {"when", w.text}, {"who", who}, {"cabin", cabin}});
}

std::string flightId(Context &c)
{
    return c.pick({"UA", "DL", "AA", "BA", "AF", "LH", "IB", "KL", "TP"}) + std::to_string(c.r.range(100, 2999));
}

void bookFlight(Context &c, Draft &d)
{
    DraftCall &k = d.call("book_flight");
    const std::string id = flightId(c);
    const int n = c.r.range(1, 4);
    k.set("flight_id", id).set("passengers", n);
    std::string seat;
    if (c.r.chance(0.4)) {
        const std::string s = c.pick({"window", "aisle"});
        k.set("seat_preference", s);
        seat = c.pick({" with ", ", ideally with "}) + s + " seats";
    }
    d.text = fill(c.pick({"Book flight {id} for {n}{seat}.", "Please reserve {n} on {id}{seat}.", "I'll take flight {id}: book it for {n}{seat}."}),
                  {{"id", id}, {"n", n == 1 ? std::string(c.pick({"one passenger", "just me"})) : c.count(n) + " passengers"}, {"seat", seat}});
    if (d.text.find("just me") != std::string::npos)
        c.need(kImplicitValue);
}

void flightStatus(Context &c, Draft &d)
{
    DraftCall &k = d.call("get_flight_status");
    const std::string id = flightId(c);
    const auto w = c.when(0, 3);
    k.set("flight_number", id).setAllowed("date", w.allowed);
    d.text = fill(c.pick({"Is flight {id} on time {when}?", "What's the status of {id} {when}?", "My dad is landing on {id} {when}; is it delayed?"}),
                  {{"id", id}, {"when", w.text}});
}

void searchHotels(Context &c, Draft &d)
{
    DraftCall &k = d.call("search_hotels");
    const auto p = c.place();
    const auto w = c.when(1, 40, true);
    const int nights = c.r.range(1, 7);
    k.setAllowed("city", p.allowed).setAllowed("check_in", w.allowed);
    std::vector<Json> out;
    for (const Json &in : w.allowed)
        out.push_back(CivilDate::parseIso(in.get<std::string>())->plusDays(nights).iso());
    k.setAllowed("check_out", out);
    c.need(kDateArithmetic);
    std::string extra;
    if (c.r.chance(0.35)) {
        const int g = c.r.range(2, 4);
        k.set("guests", g);
        extra += " for " + c.count(g) + " guests";
    }
    if (c.r.chance(0.35)) {
        const int cap = c.r.range(8, 30) * 10;
        k.setNumber("max_price_per_night", cap);
        extra += c.pick({", under $", ", no more than $", " at most $"}) + std::to_string(cap) + " a night";
    }
    if (c.r.chance(0.25)) {
        static const std::vector<std::pair<const char *, const char *>> wishes{
            {"free_cancellation", " with free cancellation"}, {"breakfast_included", " with breakfast included"}, {"pets_allowed", " with pets allowed"}};
        const auto &w1 = c.pick(wishes);
        Json prefs{{w1.first, true}};
        extra += w1.second;
        const auto &w2 = c.pick(wishes);
        if (w2.first != w1.first && c.r.chance(0.4)) {
            prefs[w2.first] = true;
            extra += std::string(" and ") + (w2.second + 6); // drop the second " with "
        }
        k.set("preferences", prefs);
        c.need(kEnumMapping);
    }
    const std::string stay = nights == 1 ? std::string(c.pick({"one night", "a single night"})) : c.count(nights) + " nights";
    d.text = fill(c.pick({"Find me a hotel in {loc} {when} for {stay}{extra}.", "I need somewhere to stay in {loc}: checking in {when}, staying {stay}{extra}.",
                          "Search hotels in {loc}{extra}, arriving {when} and leaving {stay} later."}),
                  {{"loc", p.text}, {"when", w.text}, {"stay", stay}, {"extra", extra}});
    if (nights == 1)
        c.need(kNumberWord);
}

void bookHotel(Context &c, Draft &d)
{
    DraftCall &k = d.call("book_hotel");
    const std::string id = "H" + std::to_string(c.r.range(10000, 99999));
    const auto w = c.when(1, 40);
    const int nights = c.r.range(2, 6);
    k.set("hotel_id", id).setAllowed("check_in", w.allowed).set("nights", nights);
    d.text = fill(c.pick({"Book hotel {id} for {n} nights starting {when}.", "Please reserve a room at {id}, checking in {when}, {n} nights."}),
                  {{"id", id}, {"when", w.text}, {"n", c.count(nights)}});
}

void rentalCars(Context &c, Draft &d)
{
    DraftCall &k = d.call("search_rental_cars");
    const auto p = c.place();
    const auto w = c.when(1, 30, true);
    const int days = c.pick(std::vector<int>{3, 4, 5, 7, 10});
    k.setAllowed("city", p.allowed).setAllowed("pickup_date", w.allowed);
    std::vector<Json> back;
    for (const Json &in : w.allowed)
        back.push_back(CivilDate::parseIso(in.get<std::string>())->plusDays(days).iso());
    k.setAllowed("return_date", back);
    c.need(kDateArithmetic);
    std::string type;
    if (c.r.chance(0.4)) {
        const std::string t = c.pick({"suv", "van", "compact"});
        k.set("car_type", t);
        type = t == "suv" ? "an SUV" : "a " + t;
        c.need(kEnumMapping);
    } else {
        type = "a car";
    }
    const std::string span = days == 7 ? "a week" : c.count(days) + " days";
    if (days == 7)
        c.need(kImplicitValue);
    d.text = fill(c.pick({"I need to rent {type} in {loc} from {when_bare} for {span}.", "Find rental cars in {loc}: {type}, picking up {when}, keeping it {span}."}),
                  {{"type", type}, {"loc", p.text}, {"when", w.text}, {"when_bare", w.text.rfind("on ", 0) == 0 ? w.text.substr(3) : w.text}, {"span", span}});
}

const std::vector<std::pair<std::string, std::string>> kPlaces{
    {"the train station", "the central station"}, {"the airport", "Terminal 2"},       {"my office", "the city museum"},
    {"the hotel", "the old town square"},         {"Main Street 12", "the stadium"},   {"the university", "Riverside Park"}};

void directions(Context &c, Draft &d)
{
    DraftCall &k = d.call("get_directions");
    const auto &pair = c.pick(kPlaces);
    const bool swap = c.r.chance(0.5);
    const std::string from = swap ? pair.second : pair.first, to = swap ? pair.first : pair.second;
    k.set("origin", from).set("destination", to);
    std::string how;
    const int roll = static_cast<int>(c.r.below(5));
    const char *modes[] = {"walking", "cycling", "transit", "driving"};
    const char *phrases[] = {"on foot", "by bike", "by public transport", "by car"};
    if (roll < 4) {
        k.set("mode", modes[roll], roll == 3 ? std::vector<Json>{""} : std::vector<Json>{});
        how = std::string(" ") + phrases[roll];
        c.need(kEnumMapping);
    }
    d.text = fill(c.pick({"How do I get from {from} to {to}{how}?", "Give me directions from {from} to {to}{how}.",
                          "What's the best route to {to} from {from}{how}?"}),
                  {{"from", from}, {"to", to}, {"how", how}});
}

void distance(Context &c, Draft &d)
{
    DraftCall &k = d.call("get_distance");
    const auto a = c.place();
    auto b = c.place();
    while (b.city == a.city)
        b = c.place();
    k.setAllowed("origin", a.allowed).setAllowed("destination", b.allowed);
    std::string unit;
    if (c.r.chance(0.4)) {
        k.set("unit", "miles");
        unit = " in miles";
    } else if (c.r.chance(0.2)) {
        k.set("unit", "km", {""});
        unit = " in kilometers";
    }
    d.text = fill(c.pick({"How far is {a} from {b}{unit}?", "What's the distance between {a} and {b}{unit}?", "How many {u} is it from {a} to {b}?"}),
                  {{"a", a.text}, {"b", b.text}, {"unit", unit}, {"u", unit == " in miles" ? "miles" : "kilometers"}});
}

void nearby(Context &c, Draft &d)
{
    DraftCall &k = d.call("find_nearby_places");
    static const std::vector<std::pair<const char *, const char *>> kinds{
        {"pharmacy", "a pharmacy"}, {"pharmacy", "a drugstore"}, {"cafe", "somewhere to get coffee"}, {"atm", "a cash machine"},
        {"gas_station", "somewhere to fill up the car"}, {"museum", "a museum"}, {"supermarket", "a grocery store"}, {"restaurant", "a place to eat"}};
    const auto &kind = c.pick(kinds);
    const std::string where = c.pick({"the old town", "Union Square", "my hotel", "the central station", "Baker Street"});
    k.set("location", where).set("category", kind.first);
    if (std::string(kind.second).find(kind.first) == std::string::npos)
        c.need(kEnumMapping);
    std::string extra;
    if (c.r.chance(0.4)) {
        if (c.r.chance(0.5)) {
            const int miles = c.r.range(1, 3);
            k.setConverted("radius_km", miles * 1.609344);
            extra += " within " + c.count(miles) + (miles == 1 ? " mile" : " miles");
            c.need(kUnitConversion);
        } else {
            const int meters = c.pick(std::vector<int>{300, 500, 800});
            k.setConverted("radius_km", meters / 1000.0);
            extra += " within " + std::to_string(meters) + " meters";
            c.need(kUnitConversion);
        }
    }
    if (c.r.chance(0.4)) {
        k.set("open_now", true);
        extra += c.pick({" that's open right now", " that is open now"});
    }
    d.text = fill(c.pick({"Is there {what} near {where}{extra}?", "Find me {what} close to {where}{extra}.", "I need {what} around {where}{extra}."}),
                  {{"what", kind.second}, {"where", where}, {"extra", extra}});
}

void geocode(Context &c, Draft &d)
{
    DraftCall &k = d.call("geocode_address");
    const std::string address = c.pick({"221B Baker Street, London", "1600 Amphitheatre Parkway, Mountain View", "10 Downing Street, London",
                                        "350 Fifth Avenue, New York", "Rua Augusta 100, Lisbon"});
    k.set("address", address);
    d.text = fill(c.pick({"What are the coordinates of {a}?", "Get me the latitude and longitude for {a}.", "Geocode this address: {a}."}), {{"a", address}});
}

void restaurants(Context &c, Draft &d)
{
    DraftCall &k = d.call("search_restaurants");
    const auto p = c.place();
    const std::string cuisine = c.pick({"thai", "italian", "sushi", "mexican", "indian", "vegan", "french", "korean"});
    k.setAllowed("city", p.allowed).set("cuisine", cuisine, {capitalised(cuisine)});
    const std::string shown = cuisine == "sushi" || cuisine == "vegan" ? cuisine : capitalised(cuisine);
    std::string price;
    if (c.r.chance(0.4)) {
        const std::string level = c.pick({"cheap", "moderate", "expensive"});
        k.set("price_level", level);
        price = level == "cheap" ? c.pick({" that are cheap", " on a budget"})
                : level == "moderate" ? c.pick({" that are moderately priced", " in the mid price range"})
                                      : c.pick({" that are expensive", " for a fancy night out"});
        if (price.find(level) == std::string::npos)
            c.need(kEnumMapping);
    }
    d.text = fill(c.pick({"Find {cuisine} restaurants in {loc}{price}.", "Are there any good {cuisine} places to eat in {loc}{price}?", "Search for {cuisine} restaurants{price} in {loc}."}),
                  {{"cuisine", shown}, {"loc", p.text}, {"price", price}});
}

void reserveTable(Context &c, Draft &d)
{
    DraftCall &k = d.call("reserve_table");
    const std::string id = "R" + std::to_string(c.r.range(1000, 9999));
    const auto w = c.when(0, 14);
    const auto t = c.anyClock(18, 21);
    const int n = c.r.range(2, 8);
    k.set("restaurant_id", id).setAllowed("date", w.allowed).set("time", t.hhmm).set("party_size", n);
    const std::string party = c.r.chance(0.3) ? "me and " + c.count(n - 1) + (n == 2 ? " friend" : " friends") : c.count(n) + " people";
    if (party.rfind("me and", 0) == 0)
        c.need(kImplicitValue);
    d.text = fill(c.pick({"Reserve a table at restaurant {id} for {party} {when} {time}.", "Book {id} {when} {time}, table for {party}."}),
                  {{"id", id}, {"party", party}, {"when", w.text}, {"time", t.text}});
}

void recipe(Context &c, Draft &d)
{
    DraftCall &k = d.call("get_recipe");
    const std::string dish = c.pick({"lasagna", "pad thai", "banana bread", "chili", "risotto", "pancakes", "shakshuka"});
    k.set("dish", dish);
    std::string extra;
    if (c.r.chance(0.5)) {
        const int s = c.pick(std::vector<int>{2, 6, 8, 12});
        k.set("servings", s);
        extra += s == 12 && c.r.chance(0.5) ? " for a dozen people" : " for " + c.count(s) + " people";
        if (extra.find("dozen") != std::string::npos)
            c.need(kNumberWord);
    }
    if (c.r.chance(0.4)) {
        const std::string diet = c.pick({"vegetarian", "vegan", "gluten_free"});
        k.set("diet", diet);
        extra += diet == "gluten_free" ? " that is gluten-free" : " that's " + diet;
        if (diet == "gluten_free")
            c.need(kEnumMapping);
    }
    d.text = fill(c.pick({"Find me a recipe for {dish}{extra}.", "How do I make {dish}{extra}?", "I want to cook {dish} tonight{extra}. Got a recipe?"}),
                  {{"dish", dish}, {"extra", extra}});
}

} // namespace

void addTravelIntents(std::vector<IntentEntry> &out)
{
    out.insert(out.end(), {{"get_current_weather", currentWeather}, {"get_weather_forecast", forecast}, {"get_air_quality", airQuality},
                           {"get_sunrise_sunset", sunriseSunset}, {"search_flights", searchFlights}, {"book_flight", bookFlight},
                           {"get_flight_status", flightStatus}, {"search_hotels", searchHotels}, {"book_hotel", bookHotel},
                           {"search_rental_cars", rentalCars}, {"get_directions", directions}, {"get_distance", distance},
                           {"find_nearby_places", nearby}, {"geocode_address", geocode}, {"search_restaurants", restaurants},
                           {"reserve_table", reserveTable}, {"get_recipe", recipe}});
}

} // namespace itool::data::synth
