#include "core/data/world_data.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace itool::data::world {

namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size()
           && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
                  return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
              });
}

} // namespace

const std::vector<City> &cities()
{
    static const std::vector<City> list{
        {"New York", "USA", {"NYC", "New York City", "New York, NY"}, {"NYC", "JFK", "LGA", "EWR"}, 40.71, -74.01, 13},
        {"London", "UK", {"London, UK"}, {"LON", "LHR", "LGW"}, 51.51, -0.13, 11},
        {"Paris", "France", {"Paris, France"}, {"PAR", "CDG", "ORY"}, 48.86, 2.35, 12},
        {"Tokyo", "Japan", {"Tokyo, Japan"}, {"TYO", "HND", "NRT"}, 35.68, 139.69, 16},
        {"San Francisco", "USA", {"SF", "San Francisco, CA"}, {"SFO"}, 37.77, -122.42, 14},
        {"Los Angeles", "USA", {"LA", "Los Angeles, CA"}, {"LAX"}, 34.05, -118.24, 19},
        {"Chicago", "USA", {"Chicago, IL"}, {"CHI", "ORD", "MDW"}, 41.88, -87.63, 10},
        {"Boston", "USA", {"Boston, MA"}, {"BOS"}, 42.36, -71.06, 11},
        {"Seattle", "USA", {"Seattle, WA"}, {"SEA"}, 47.61, -122.33, 11},
        {"Toronto", "Canada", {"Toronto, Canada"}, {"YTO", "YYZ"}, 43.65, -79.38, 9},
        {"Mexico City", "Mexico", {"CDMX"}, {"MEX"}, 19.43, -99.13, 17},
        {"Berlin", "Germany", {"Berlin, Germany"}, {"BER"}, 52.52, 13.40, 10},
        {"Madrid", "Spain", {"Madrid, Spain"}, {"MAD"}, 40.42, -3.70, 15},
        {"Barcelona", "Spain", {"Barcelona, Spain"}, {"BCN"}, 41.39, 2.17, 17},
        {"Lisbon", "Portugal", {"Lisbon, Portugal", "Lisboa"}, {"LIS"}, 38.72, -9.14, 17},
        {"Rome", "Italy", {"Rome, Italy", "Roma"}, {"ROM", "FCO"}, 41.90, 12.50, 16},
        {"Amsterdam", "Netherlands", {"Amsterdam, Netherlands"}, {"AMS"}, 52.37, 4.90, 10},
        {"Vienna", "Austria", {"Vienna, Austria", "Wien"}, {"VIE"}, 48.21, 16.37, 11},
        {"Istanbul", "Turkey", {"Istanbul, Turkey"}, {"IST"}, 41.01, 28.98, 15},
        {"Dubai", "UAE", {"Dubai, UAE"}, {"DXB"}, 25.20, 55.27, 28},
        {"Singapore", "Singapore", {"Singapore"}, {"SIN"}, 1.35, 103.82, 27},
        {"Sydney", "Australia", {"Sydney, Australia"}, {"SYD"}, -33.87, 151.21, 18},
        {"Seoul", "South Korea", {"Seoul, South Korea"}, {"SEL", "ICN"}, 37.57, 126.98, 13},
        {"Mumbai", "India", {"Bombay", "Mumbai, India"}, {"BOM"}, 19.08, 72.88, 27},
        {"Cape Town", "South Africa", {"Cape Town, South Africa"}, {"CPT"}, -33.92, 18.42, 17},
        {"Buenos Aires", "Argentina", {"Buenos Aires, Argentina"}, {"BUE", "EZE"}, -34.60, -58.38, 18},
    };
    return list;
}

const std::vector<Currency> &currencies()
{
    static const std::vector<Currency> list{
        {"USD", {"US dollars", "dollars", "bucks"}, 1.0},
        {"EUR", {"euros", "euro"}, 0.92},
        {"GBP", {"British pounds", "pounds", "pounds sterling"}, 0.79},
        {"JPY", {"Japanese yen", "yen"}, 151.2},
        {"CHF", {"Swiss francs"}, 0.88},
        {"CAD", {"Canadian dollars"}, 1.37},
        {"AUD", {"Australian dollars"}, 1.52},
        {"INR", {"Indian rupees", "rupees"}, 83.4},
        {"MXN", {"Mexican pesos", "pesos"}, 17.1},
        {"KRW", {"South Korean won", "won"}, 1340.0},
        {"SEK", {"Swedish kronor"}, 10.6},
        {"BRL", {"Brazilian reais"}, 5.0},
    };
    return list;
}

const std::vector<Stock> &stocks()
{
    static const std::vector<Stock> list{
        {"AAPL", "Apple", 189.5},     {"MSFT", "Microsoft", 415.2}, {"GOOGL", "Alphabet", 152.8},
        {"AMZN", "Amazon", 178.3},    {"TSLA", "Tesla", 201.4},     {"NVDA", "Nvidia", 880.1},
        {"META", "Meta", 497.6},      {"NFLX", "Netflix", 612.9},   {"IBM", "IBM", 183.7},
        {"INTC", "Intel", 42.6},      {"KO", "Coca-Cola", 60.2},    {"DIS", "Disney", 111.4},
    };
    return list;
}

const std::vector<Contact> &contacts()
{
    static const std::vector<Contact> list{
        {"Ana Lima", "my sister", "ana.lima@example.com", "+1-555-0143"},
        {"Ben Carter", "my manager", "ben.carter@example.com", "+1-555-0178"},
        {"Chloe Martin", "my colleague", "chloe.martin@example.com", "+1-555-0112"},
        {"David Okafor", "my landlord", "david.okafor@example.com", "+1-555-0190"},
        {"Emma Schulz", "my friend", "emma.schulz@example.com", "+1-555-0135"},
        {"Farid Haddad", "my dentist", "farid.haddad@example.com", "+1-555-0166"},
        {"Grace Kim", "my cousin", "grace.kim@example.com", "+1-555-0124"},
        {"Hugo Rossi", "my neighbour", "hugo.rossi@example.com", "+1-555-0157"},
        {"Isla Novak", "my coach", "isla.novak@example.com", "+1-555-0109"},
        {"Jonas Berg", "my brother", "jonas.berg@example.com", "+1-555-0181"},
    };
    return list;
}

const std::vector<Unit> &units()
{
    static const std::vector<Unit> list{
        {"meter", "meters", "length", 1.0},          {"kilometer", "kilometers", "length", 1000.0},
        {"mile", "miles", "length", 1609.344},       {"foot", "feet", "length", 0.3048},
        {"inch", "inches", "length", 0.0254},        {"centimeter", "centimeters", "length", 0.01},
        {"kilogram", "kilograms", "mass", 1.0},      {"gram", "grams", "mass", 0.001},
        {"pound", "pounds", "mass", 0.45359237},     {"ounce", "ounces", "mass", 0.028349523125},
        {"liter", "liters", "volume", 1.0},          {"milliliter", "milliliters", "volume", 0.001},
        {"gallon", "gallons", "volume", 3.785411784},{"cup", "cups", "volume", 0.2365882365},
        {"second", "seconds", "time", 1.0},          {"minute", "minutes", "time", 60.0},
        {"hour", "hours", "time", 3600.0},           {"day", "days", "time", 86400.0},
    };
    return list;
}

const City *findCity(std::string_view nameOrAlias)
{
    for (const City &city : cities()) {
        if (equalsIgnoringCase(city.name, nameOrAlias)
            || equalsIgnoringCase(city.name + ", " + city.country, nameOrAlias))
            return &city;
        for (const std::string &alias : city.aliases)
            if (equalsIgnoringCase(alias, nameOrAlias))
                return &city;
    }
    return nullptr;
}

const Currency *findCurrency(std::string_view code)
{
    for (const Currency &c : currencies())
        if (c.code == code)
            return &c;
    return nullptr;
}

const Stock *findStock(std::string_view symbol)
{
    for (const Stock &s : stocks())
        if (s.symbol == symbol)
            return &s;
    return nullptr;
}

const Unit *findUnit(std::string_view name)
{
    for (const Unit &u : units())
        if (u.name == name)
            return &u;
    return nullptr;
}

bool isAirportCode(std::string_view code)
{
    for (const City &city : cities())
        if (std::find(city.airports.begin(), city.airports.end(), code) != city.airports.end())
            return true;
    return false;
}

double distanceKm(const City &a, const City &b)
{
    constexpr double kRadiusKm = 6371.0;
    constexpr double kRad = 3.14159265358979323846 / 180.0;
    const double dLat = (b.latitude - a.latitude) * kRad;
    const double dLon = (b.longitude - a.longitude) * kRad;
    const double h = std::sin(dLat / 2) * std::sin(dLat / 2)
                     + std::cos(a.latitude * kRad) * std::cos(b.latitude * kRad) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * kRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

} // namespace itool::data::world
