// The weather, travel and maps tools of the bundled catalog, plus the argument checks the
// executors share. What it is not: the generator's phrasing for these tools.
#include "core/data/civil_date.h"
#include "core/data/tool_definitions.h"
#include "core/data/world_data.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace itool::data::tools {

void requireIsoDate(const Json &args, const char *key)
{
    if (!args.contains(key))
        return;
    if (!CivilDate::parseIso(args[key].get<std::string>()))
        throw ToolFailure(std::string("parameter \"") + key + "\" must be a date written YYYY-MM-DD, got \""
                          + args[key].get<std::string>() + "\"");
}

void requireTime(const Json &args, const char *key)
{
    if (!args.contains(key))
        return;
    const std::string t = args[key].get<std::string>();
    const bool shape = t.size() == 5 && t[2] == ':' && std::isdigit(static_cast<unsigned char>(t[0]))
                       && std::isdigit(static_cast<unsigned char>(t[1])) && std::isdigit(static_cast<unsigned char>(t[3]))
                       && std::isdigit(static_cast<unsigned char>(t[4]));
    if (!shape || std::stoi(t.substr(0, 2)) > 23 || std::stoi(t.substr(3, 2)) > 59)
        throw ToolFailure(std::string("parameter \"") + key + "\" must be a 24-hour time HH:MM, got \"" + t + "\"");
}

void requirePositive(const Json &args, const char *key)
{
    if (args.contains(key) && !(args[key].get<double>() > 0))
        throw ToolFailure(std::string("parameter \"") + key + "\" must be greater than zero");
}

void requireNonEmpty(const Json &args, const char *key)
{
    if (args.contains(key) && args[key].get<std::string>().empty())
        throw ToolFailure(std::string("parameter \"") + key + "\" must not be empty");
}

std::string idFrom(RandomStream &r, const char *prefix, int digits)
{
    std::string id = prefix;
    for (int i = 0; i < digits; ++i)
        id += static_cast<char>('0' + r.below(10));
    return id;
}

namespace {

const world::City &cityArg(const Json &args, const char *key)
{
    const std::string text = args[key].get<std::string>();
    const world::City *city = world::findCity(text);
    if (!city)
        throw ToolFailure("unknown location \"" + text + "\" (try a city name such as \"Paris\")");
    return *city;
}

const char *condition(RandomStream &r)
{
    return r.pick({"sunny", "partly cloudy", "cloudy", "light rain", "rain", "windy", "foggy", "clear"});
}

double inUnit(double celsius, const Json &args)
{
    return args["unit"] == "fahrenheit" ? round1(celsius * 9.0 / 5.0 + 32.0) : round1(celsius);
}

const Json kUnit = withDefault(enumOf("Temperature unit", {"celsius", "fahrenheit"}), "celsius");

void requireAirport(const Json &args, const char *key)
{
    const std::string code = args[key].get<std::string>();
    if (!world::isAirportCode(code))
        throw ToolFailure(std::string("parameter \"") + key + "\" must be an IATA airport or city code such as \"JFK\", got \"" + code + "\"");
}

std::string clock(int minutes)
{
    minutes = ((minutes % 1440) + 1440) % 1440;
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", minutes / 60, minutes % 60);
    return buffer;
}

} // namespace

void addWeatherTools(ToolCatalog &c)
{
    c.add({schema("get_current_weather", "Get the weather right now at a location.",
                  {{"location", str("City name, optionally with country, e.g. \"Paris, France\"")}, opt("unit", kUnit)}),
           "weather", {"get_weather_forecast"},
           [](const Json &a, RandomStream &r) {
               const world::City &city = cityArg(a, "location");
               const double t = city.meanTemperatureC + r.range(-8, 8) + r.below(10) / 10.0;
               return Json{{"location", city.name + ", " + city.country}, {"temperature", inUnit(t, a)},
                           {"unit", a["unit"]}, {"condition", condition(r)},
                           {"humidity_percent", r.range(25, 95)}, {"wind_kph", r.range(0, 40)}};
           }});
    c.add({schema("get_weather_forecast", "Get the daily weather forecast for the coming days at a location.",
                  {{"location", str("City name, optionally with country")},
                   opt("days", withDefault(integer("Number of days to forecast, 1 to 14"), 3)), opt("unit", kUnit)}),
           "weather", {"get_current_weather"},
           [](const Json &a, RandomStream &r) {
               const world::City &city = cityArg(a, "location");
               const int days = a["days"].get<int>();
               if (days < 1 || days > 14)
                   throw ToolFailure("parameter \"days\" must be between 1 and 14, got " + std::to_string(days));
               Json list = Json::array();
               for (int d = 1; d <= days; ++d) {
                   const double high = city.meanTemperatureC + r.range(-5, 8);
                   list.push_back(Json{{"day", d}, {"high", inUnit(high, a)}, {"low", inUnit(high - r.range(4, 10), a)},
                                       {"condition", condition(r)}, {"chance_of_rain_percent", r.range(0, 10) * 10}});
               }
               return Json{{"location", city.name + ", " + city.country}, {"unit", a["unit"]}, {"forecast", list}};
           }});
    c.add({schema("get_air_quality", "Get the current air quality index at a location.",
                  {{"location", str("City name, optionally with country")}}),
           "weather", {"get_current_weather"},
           [](const Json &a, RandomStream &r) {
               const world::City &city = cityArg(a, "location");
               const int aqi = r.range(12, 180);
               const char *category = aqi <= 50 ? "good" : aqi <= 100 ? "moderate" : aqi <= 150 ? "unhealthy for sensitive groups" : "unhealthy";
               return Json{{"location", city.name}, {"aqi", aqi}, {"category", category},
                           {"main_pollutant", r.pick({"pm2.5", "pm10", "ozone", "no2"})}};
           }});
    c.add({schema("get_sunrise_sunset", "Get sunrise and sunset times at a location on a date.",
                  {{"location", str("City name, optionally with country")}, {"date", str("Date, YYYY-MM-DD")}}),
           "weather", {"get_current_weather"},
           [](const Json &a, RandomStream &r) {
               const world::City &city = cityArg(a, "location");
               requireIsoDate(a, "date");
               const int sunrise = 5 * 60 + 30 + r.range(0, 150);
               return Json{{"location", city.name}, {"date", a["date"]}, {"sunrise", clock(sunrise)},
                           {"sunset", clock(sunrise + 9 * 60 + r.range(0, 300))}};
           }});
}

void addTravelTools(ToolCatalog &c)
{
    const Json code = str("IATA airport or city code, e.g. \"JFK\" or \"LON\"");
    c.add({schema("search_flights", "Search one-way flights between two airports on a date.",
                  {{"origin", code}, {"destination", code}, {"date", str("Departure date, YYYY-MM-DD")},
                   opt("passengers", withDefault(integer("Number of passengers"), 1)),
                   opt("cabin", withDefault(enumOf("Cabin class", {"economy", "premium_economy", "business", "first"}), "economy"))}),
           "travel", {"get_flight_status", "book_flight"},
           [](const Json &a, RandomStream &r) {
               requireAirport(a, "origin");
               requireAirport(a, "destination");
               if (a["origin"] == a["destination"])
                   throw ToolFailure("origin and destination must differ");
               requireIsoDate(a, "date");
               requirePositive(a, "passengers");
               const double cabinFactor = a["cabin"] == "first" ? 5.0 : a["cabin"] == "business" ? 3.2 : a["cabin"] == "premium_economy" ? 1.6 : 1.0;
               Json flights = Json::array();
               const int n = r.range(2, 4);
               for (int i = 0; i < n; ++i) {
                   const std::string airline = r.pick({"UA", "DL", "AA", "BA", "AF", "LH", "IB", "KL", "TP"});
                   const int dep = r.range(6 * 12, 21 * 12) * 5;
                   flights.push_back(Json{{"flight_id", airline + std::to_string(r.range(100, 2999))},
                                          {"departure", clock(dep)}, {"arrival", clock(dep + r.range(60, 720))},
                                          {"stops", r.range(0, 1)},
                                          {"price_usd", round2((120 + r.range(0, 700)) * cabinFactor * a["passengers"].get<int>())}});
               }
               return Json{{"origin", a["origin"]}, {"destination", a["destination"]}, {"date", a["date"]}, {"flights", flights}};
           }});
    c.add({schema("book_flight", "Book a flight found by search_flights.",
                  {{"flight_id", str("Flight id from search_flights, e.g. \"UA512\"")},
                   {"passengers", integer("Number of passengers")},
                   opt("seat_preference", withDefault(enumOf("Seat preference", {"window", "aisle", "no_preference"}), "no_preference"))}),
           "travel", {"search_flights"},
           [](const Json &a, RandomStream &r) {
               const std::string id = a["flight_id"].get<std::string>();
               if (id.size() < 3 || !std::isalpha(static_cast<unsigned char>(id[0])) || !std::isdigit(static_cast<unsigned char>(id.back())))
                   throw ToolFailure("unknown flight id \"" + id + "\" (use an id returned by search_flights)");
               requirePositive(a, "passengers");
               return Json{{"confirmation", idFrom(r, "BK", 6)}, {"flight_id", id}, {"passengers", a["passengers"]},
                           {"seat_preference", a["seat_preference"]}, {"status", "confirmed"}};
           }});
    c.add({schema("get_flight_status", "Get the live status of a flight by its flight number.",
                  {{"flight_number", str("Flight number, e.g. \"BA117\"")}, {"date", str("Date of the flight, YYYY-MM-DD")}}),
           "travel", {"search_flights"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "flight_number");
               requireIsoDate(a, "date");
               const int delay = r.chance(0.6) ? 0 : r.range(1, 12) * 10;
               return Json{{"flight_number", a["flight_number"]}, {"date", a["date"]},
                           {"status", delay == 0 ? "on time" : "delayed"}, {"delay_minutes", delay},
                           {"gate", std::string(1, static_cast<char>('A' + r.below(6))) + std::to_string(r.range(1, 40))}};
           }});
    c.add({schema("search_hotels", "Search hotels in a city for a stay.",
                  {{"city", str("City name")}, {"check_in", str("Check-in date, YYYY-MM-DD")},
                   {"check_out", str("Check-out date, YYYY-MM-DD")},
                   opt("guests", withDefault(integer("Number of guests"), 1)),
                   opt("max_price_per_night", number("Highest nightly price in USD")),
                   opt("preferences", [] {
                       Json p = prop("object", "Extras the room must have");
                       p["properties"] = Json{{"free_cancellation", boolean("Can be cancelled free of charge")},
                                              {"breakfast_included", boolean("Breakfast is included")},
                                              {"pets_allowed", boolean("Pets are welcome")}};
                       return p;
                   }())}),
           "travel", {"book_hotel"},
           [](const Json &a, RandomStream &r) {
               const world::City &city = cityArg(a, "city");
               requireIsoDate(a, "check_in");
               requireIsoDate(a, "check_out");
               if (a["check_out"].get<std::string>() <= a["check_in"].get<std::string>())
                   throw ToolFailure("check_out must be after check_in");
               const double cap = a.contains("max_price_per_night") ? a["max_price_per_night"].get<double>() : 600.0;
               Json hotels = Json::array();
               for (int i = 0, n = r.range(2, 4); i < n; ++i)
                   hotels.push_back(Json{{"hotel_id", idFrom(r, "H", 5)},
                                         {"name", std::string(r.pick({"Grand", "Central", "Harbour", "Park", "Old Town", "Riverside"})) + " " + r.pick({"Hotel", "Inn", "Suites", "Lodge"})},
                                         {"price_per_night", round2(std::max(40.0, cap * (0.5 + r.unit() * 0.5)))},
                                         {"rating", round1(3.0 + r.unit() * 2.0)}});
               if (a.contains("preferences"))
                   for (Json &h : hotels)
                       h["matches"] = a["preferences"];
               return Json{{"city", city.name}, {"hotels", hotels}};
           }});
    c.add({schema("book_hotel", "Book a room in a hotel found by search_hotels.",
                  {{"hotel_id", str("Hotel id from search_hotels")}, {"check_in", str("Check-in date, YYYY-MM-DD")},
                   {"nights", integer("Number of nights")}, opt("guests", withDefault(integer("Number of guests"), 1))}),
           "travel", {"search_hotels"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "hotel_id");
               requireIsoDate(a, "check_in");
               requirePositive(a, "nights");
               return Json{{"confirmation", idFrom(r, "HB", 6)}, {"hotel_id", a["hotel_id"]}, {"check_in", a["check_in"]},
                           {"nights", a["nights"]}, {"status", "confirmed"}};
           }});
    c.add({schema("search_rental_cars", "Search rental cars in a city between two dates.",
                  {{"city", str("City name")}, {"pickup_date", str("Pick-up date, YYYY-MM-DD")},
                   {"return_date", str("Return date, YYYY-MM-DD")},
                   opt("car_type", withDefault(enumOf("Car type", {"economy", "compact", "suv", "van"}), "economy"))}),
           "travel", {"search_hotels"},
           [](const Json &a, RandomStream &r) {
               const world::City &city = cityArg(a, "city");
               requireIsoDate(a, "pickup_date");
               requireIsoDate(a, "return_date");
               Json cars = Json::array();
               for (int i = 0, n = r.range(2, 3); i < n; ++i)
                   cars.push_back(Json{{"car_id", idFrom(r, "C", 5)}, {"model", r.pick({"Toyota Corolla", "VW Golf", "Kia Sportage", "Ford Transit", "Fiat 500"})},
                                       {"price_per_day", round2(25 + r.unit() * 90)}});
               return Json{{"city", city.name}, {"car_type", a["car_type"]}, {"cars", cars}};
           }});
}

void addMapsTools(ToolCatalog &c)
{
    c.add({schema("get_directions", "Get step-by-step directions from one place to another.",
                  {{"origin", str("Start address or place")}, {"destination", str("End address or place")},
                   opt("mode", withDefault(enumOf("Travel mode", {"driving", "walking", "transit", "cycling"}), "driving"))}),
           "maps", {"get_distance"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "origin");
               requireNonEmpty(a, "destination");
               const double km = round1(1.0 + r.unit() * 30.0);
               const double speed = a["mode"] == "walking" ? 5 : a["mode"] == "cycling" ? 16 : a["mode"] == "transit" ? 25 : 40;
               Json steps = Json::array({"Head north on " + std::string(r.pick({"Main St", "Oak Ave", "Park Rd", "High St"})),
                                         "Turn " + std::string(r.pick({"left", "right"})) + " onto " + r.pick({"5th Ave", "Mill Lane", "Station Rd"}),
                                         "Arrive at " + a["destination"].get<std::string>()});
               return Json{{"distance_km", km}, {"duration_minutes", static_cast<int>(std::lround(km / speed * 60.0)) + 1},
                           {"mode", a["mode"]}, {"steps", steps}};
           }});
    c.add({schema("get_distance", "Get the distance between two places.",
                  {{"origin", str("Start place or city")}, {"destination", str("End place or city")},
                   opt("unit", withDefault(enumOf("Distance unit", {"km", "miles"}), "km"))}),
           "maps", {"get_directions"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "origin");
               requireNonEmpty(a, "destination");
               const world::City *from = world::findCity(a["origin"].get<std::string>());
               const world::City *to = world::findCity(a["destination"].get<std::string>());
               double km = from && to ? world::distanceKm(*from, *to) : 1.0 + r.unit() * 40.0;
               const double value = a["unit"] == "miles" ? km / 1.609344 : km;
               return Json{{"origin", a["origin"]}, {"destination", a["destination"]}, {"distance", round1(value)}, {"unit", a["unit"]}};
           }});
    c.add({schema("find_nearby_places", "Find places of a kind near a location.",
                  {{"location", str("Address, neighbourhood or city")},
                   {"category", enumOf("Kind of place", {"restaurant", "cafe", "pharmacy", "gas_station", "atm", "museum", "supermarket"})},
                   opt("radius_km", withDefault(number("Search radius in km"), 1.0)),
                   opt("open_now", withDefault(boolean("Only places open now"), false))}),
           "maps", {"search_restaurants"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "location");
               requirePositive(a, "radius_km");
               const double radius = a["radius_km"].get<double>();
               Json places = Json::array();
               for (int i = 0, n = r.range(2, 4); i < n; ++i)
                   places.push_back(Json{{"name", std::string(r.pick({"Corner", "City", "Green", "Sunny", "Blue"})) + " " + a["category"].get<std::string>()},
                                         {"distance_km", round2(radius * r.unit())}, {"open_now", a["open_now"].get<bool>() || r.chance(0.7)}});
               return Json{{"location", a["location"]}, {"category", a["category"]}, {"places", places}};
           }});
    c.add({schema("geocode_address", "Turn an address into latitude and longitude.",
                  {{"address", str("Street address or place name")}}),
           "maps", {"get_directions"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "address");
               const world::City *city = world::findCity(a["address"].get<std::string>());
               const double lat = city ? city->latitude : round2(-60 + r.unit() * 120);
               const double lon = city ? city->longitude : round2(-180 + r.unit() * 360);
               return Json{{"address", a["address"]}, {"latitude", lat}, {"longitude", lon}};
           }});
}

} // namespace itool::data::tools
