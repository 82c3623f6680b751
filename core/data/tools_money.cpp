// The finance and shopping tools of the bundled catalog. What it is not: real market data;
// prices and rates come from world_data plus a small deterministic wobble per call.
#include "core/data/tool_definitions.h"
#include "core/data/world_data.h"

#include <algorithm>
#include <cmath>

namespace itool::data::tools {

namespace {

const world::Currency &currencyArg(const Json &a, const char *key)
{
    const std::string code = a[key].get<std::string>();
    const world::Currency *c = world::findCurrency(code);
    if (!c)
        throw ToolFailure(std::string("parameter \"") + key + "\" must be a supported ISO 4217 code such as \"EUR\", got \"" + code + "\"");
    return *c;
}

const world::Stock &stockArg(const Json &a)
{
    const std::string symbol = a["symbol"].get<std::string>();
    const world::Stock *s = world::findStock(symbol);
    if (!s)
        throw ToolFailure("unknown ticker symbol \"" + symbol + "\" (use the exchange ticker, e.g. \"AAPL\")");
    return *s;
}

const Json kCurrency = str("ISO 4217 currency code, e.g. \"USD\"");

} // namespace

void addFinanceTools(ToolCatalog &c)
{
    c.add({schema("get_stock_price", "Get the latest trading price of a stock.",
                  {{"symbol", str("Stock ticker symbol, e.g. \"AAPL\"")}}),
           "finance", {"get_stock_history"},
           [](const Json &a, RandomStream &r) {
               const world::Stock &s = stockArg(a);
               return Json{{"symbol", s.symbol}, {"company", s.company}, {"price", round2(s.price * (0.97 + r.unit() * 0.06))},
                           {"currency", "USD"}, {"change_percent", round2(-3 + r.unit() * 6)}};
           }});
    c.add({schema("get_stock_history", "Get a stock's price summary over the past days.",
                  {{"symbol", str("Stock ticker symbol, e.g. \"AAPL\"")},
                   opt("days", withDefault(integer("How many past trading days"), 30))}),
           "finance", {"get_stock_price"},
           [](const Json &a, RandomStream &r) {
               const world::Stock &s = stockArg(a);
               requirePositive(a, "days");
               const double start = s.price * (0.85 + r.unit() * 0.3);
               const double end = s.price * (0.95 + r.unit() * 0.1);
               return Json{{"symbol", s.symbol}, {"days", a["days"]}, {"start_price", round2(start)}, {"end_price", round2(end)},
                           {"high", round2(std::max(start, end) * 1.04)}, {"low", round2(std::min(start, end) * 0.96)}};
           }});
    c.add({schema("convert_currency", "Convert an amount of money from one currency to another.",
                  {{"amount", number("Amount to convert")}, {"from_currency", kCurrency}, {"to_currency", kCurrency}}),
           "finance", {"get_exchange_rate"},
           [](const Json &a, RandomStream &) {
               const world::Currency &from = currencyArg(a, "from_currency");
               const world::Currency &to = currencyArg(a, "to_currency");
               requirePositive(a, "amount");
               const double rate = to.unitsPerUsd / from.unitsPerUsd;
               return Json{{"amount", a["amount"]}, {"from_currency", from.code}, {"to_currency", to.code},
                           {"rate", std::round(rate * 10000) / 10000}, {"converted_amount", round2(a["amount"].get<double>() * rate)}};
           }});
    c.add({schema("get_exchange_rate", "Get the exchange rate between two currencies (no amount).",
                  {{"base_currency", kCurrency}, {"target_currency", kCurrency}}),
           "finance", {"convert_currency"},
           [](const Json &a, RandomStream &) {
               const world::Currency &from = currencyArg(a, "base_currency");
               const world::Currency &to = currencyArg(a, "target_currency");
               return Json{{"base_currency", from.code}, {"target_currency", to.code},
                           {"rate", std::round(to.unitsPerUsd / from.unitsPerUsd * 10000) / 10000}};
           }});
    c.add({schema("calculate_loan_payment", "Compute the monthly payment of a fixed-rate loan.",
                  {{"principal", number("Amount borrowed")}, {"annual_rate_percent", number("Yearly interest rate in percent, e.g. 4.5")},
                   {"years", integer("Loan term in years")}}),
           "finance", {"calculate_compound_interest"},
           [](const Json &a, RandomStream &) {
               requirePositive(a, "principal");
               requirePositive(a, "years");
               const double p = a["principal"].get<double>();
               const double monthly = a["annual_rate_percent"].get<double>() / 100.0 / 12.0;
               const int n = a["years"].get<int>() * 12;
               const double payment = monthly == 0 ? p / n : p * monthly / (1 - std::pow(1 + monthly, -n));
               return Json{{"monthly_payment", round2(payment)}, {"total_paid", round2(payment * n)}, {"months", n}};
           }});
    c.add({schema("calculate_compound_interest", "Compute what a deposit grows to with compound interest.",
                  {{"principal", number("Starting amount")}, {"annual_rate_percent", number("Yearly interest rate in percent")},
                   {"years", integer("Number of years")},
                   opt("compounds_per_year", withDefault(integer("Compounding periods per year"), 12))}),
           "finance", {"calculate_loan_payment"},
           [](const Json &a, RandomStream &) {
               requirePositive(a, "principal");
               requirePositive(a, "compounds_per_year");
               const double k = a["compounds_per_year"].get<double>();
               const double total = a["principal"].get<double>()
                                    * std::pow(1 + a["annual_rate_percent"].get<double>() / 100.0 / k, k * a["years"].get<double>());
               return Json{{"final_amount", round2(total)}, {"interest_earned", round2(total - a["principal"].get<double>())}};
           }});
}

void addShoppingTools(ToolCatalog &c)
{
    c.add({schema("search_products", "Search the shop's catalogue.",
                  {{"query", str("What to look for")}, opt("max_price", number("Highest price in USD")),
                   opt("category", enumOf("Product category", {"electronics", "books", "home", "clothing", "sports", "toys"})),
                   opt("sort_by", withDefault(enumOf("Order of results", {"relevance", "price_low_to_high", "price_high_to_low", "rating"}), "relevance"))}),
           "shopping", {"get_product_details"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "query");
               const double cap = a.contains("max_price") ? a["max_price"].get<double>() : 300.0;
               if (cap <= 0)
                   throw ToolFailure("parameter \"max_price\" must be greater than zero");
               Json items = Json::array();
               for (int i = 0, n = r.range(3, 4); i < n; ++i)
                   items.push_back(Json{{"product_id", idFrom(r, "P-", 5)},
                                        {"name", std::string(r.pick({"Basic", "Pro", "Compact", "Deluxe", "Eco"})) + " " + a["query"].get<std::string>()},
                                        {"price", round2(cap * (0.3 + r.unit() * 0.7))}, {"rating", round1(3.0 + r.unit() * 2.0)}});
               const std::string sort = a["sort_by"].get<std::string>();
               auto key = sort == "rating" ? "rating" : "price";
               if (sort != "relevance")
                   std::stable_sort(items.begin(), items.end(), [&](const Json &x, const Json &y) {
                       return sort == "price_low_to_high" ? x[key] < y[key] : x[key] > y[key];
                   });
               return Json{{"query", a["query"]}, {"results", items}};
           }});
    c.add({schema("get_product_details", "Get the full details of one product by id.",
                  {{"product_id", str("Product id, e.g. \"P-10234\"")}}),
           "shopping", {"search_products"},
           [](const Json &a, RandomStream &r) {
               const std::string id = a["product_id"].get<std::string>();
               if (id.rfind("P-", 0) != 0)
                   throw ToolFailure("unknown product id \"" + id + "\" (ids look like \"P-10234\")");
               return Json{{"product_id", id}, {"in_stock", r.chance(0.8)}, {"price", round2(10 + r.unit() * 290)},
                           {"warranty_years", r.range(0, 3)}, {"ships_in_days", r.range(1, 7)}};
           }});
    c.add({schema("add_to_cart", "Add a product to the shopping cart.",
                  {{"product_id", str("Product id, e.g. \"P-10234\"")}, opt("quantity", withDefault(integer("How many"), 1))}),
           "shopping", {"get_product_details"},
           [](const Json &a, RandomStream &r) {
               const std::string id = a["product_id"].get<std::string>();
               if (id.rfind("P-", 0) != 0)
                   throw ToolFailure("unknown product id \"" + id + "\"");
               requirePositive(a, "quantity");
               return Json{{"product_id", id}, {"quantity", a["quantity"]}, {"cart_items", a["quantity"].get<int>() + r.range(0, 3)}};
           }});
    c.add({schema("track_order", "Get the delivery status of an order.",
                  {{"order_id", str("Order number, e.g. \"ORD-48213\"")}}),
           "shopping", {"get_product_details"},
           [](const Json &a, RandomStream &r) {
               requireNonEmpty(a, "order_id");
               return Json{{"order_id", a["order_id"]}, {"status", r.pick({"processing", "shipped", "out for delivery", "delivered"})},
                           {"carrier", r.pick({"UPS", "DHL", "FedEx", "USPS"})}, {"estimated_days", r.range(0, 5)}};
           }});
    c.add({schema("calculate_shipping", "Quote the shipping cost of a parcel.",
                  {{"weight_kg", number("Parcel weight in kilograms")}, {"destination_country", str("Destination country name")},
                   opt("speed", withDefault(enumOf("Shipping speed", {"standard", "express", "overnight"}), "standard"))}),
           "shopping", {"track_order"},
           [](const Json &a, RandomStream &r) {
               requirePositive(a, "weight_kg");
               requireNonEmpty(a, "destination_country");
               const double factor = a["speed"] == "overnight" ? 3.0 : a["speed"] == "express" ? 1.8 : 1.0;
               return Json{{"cost_usd", round2((6.5 + a["weight_kg"].get<double>() * 4.2) * factor + r.range(0, 5))},
                           {"days", a["speed"] == "overnight" ? 1 : a["speed"] == "express" ? r.range(2, 3) : r.range(4, 9)}};
           }});
}

} // namespace itool::data::tools
