#pragma once
// The small fixed world the synthetic tools live in: cities (with the names people use for
// them and their airport codes), currencies, stock tickers, contacts and units. Shared by the
// simulated executors (which must answer consistently) and the request generator (which must
// phrase requests the executors accept). What it is not: real-time or complete data.
#include <string>
#include <string_view>
#include <vector>

namespace itool::data::world {

struct City
{
    std::string name;                 // canonical, e.g. "New York"
    std::string country;              // e.g. "USA"
    std::vector<std::string> aliases; // other names people write: "NYC", "New York City"
    std::vector<std::string> airports;// IATA codes, the city code first when there is one
    double latitude = 0;
    double longitude = 0;
    int meanTemperatureC = 15;        // gives each city a plausible climate
};

struct Currency
{
    std::string code;                  // ISO 4217
    std::vector<std::string> names;    // "euros", "euro"
    double unitsPerUsd = 1;
};

struct Stock
{
    std::string symbol;
    std::string company;
    double price = 100;
};

struct Contact
{
    std::string name;     // "Ana Lima"
    std::string relation;  // "my sister", "" when none
    std::string email;
    std::string phone;
};

struct Unit
{
    std::string name;      // as the convert_units enum spells it: "mile"
    std::string plural;    // "miles"
    std::string dimension; // "length"
    double toBase = 1;     // factor to the dimension's base unit (m, kg, l, s)
};

const std::vector<City> &cities();
const std::vector<Currency> &currencies();
const std::vector<Stock> &stocks();
const std::vector<Contact> &contacts();
const std::vector<Unit> &units();

const City *findCity(std::string_view nameOrAlias);   // case-insensitive, also "Paris, France"
const Currency *findCurrency(std::string_view code);
const Stock *findStock(std::string_view symbol);
const Unit *findUnit(std::string_view name);
bool isAirportCode(std::string_view code); // a code some city of the world uses

// Great-circle distance in km.
double distanceKm(const City &a, const City &b);

} // namespace itool::data::world
