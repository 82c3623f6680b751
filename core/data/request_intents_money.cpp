// Phrasings for the finance, shopping and units-and-maths tools. What it is not: multi-turn
// chains or category assembly (request_generator.cpp).
#include "core/data/request_phrasing.h"

#include <cmath>

namespace itool::data::synth {

namespace {

const world::Stock &stockPhrase(Context &c, std::string &text)
{
    const world::Stock &s = c.pick(world::stocks());
    if (c.r.chance(0.6)) {
        text = s.company;
        c.need(kCodeLookup);
    } else {
        text = s.symbol;
    }
    return s;
}

void stockPrice(Context &c, Draft &d)
{
    std::string name;
    const world::Stock &s = stockPhrase(c, name);
    d.call("get_stock_price").set("symbol", s.symbol);
    d.text = fill(c.pick({"What's {s} trading at right now?", "Get me the current stock price of {s}.", "How much is one {s} share today?",
                          "Check the latest price for {s} stock."}),
                  {{"s", name}});
}

void stockHistory(Context &c, Draft &d)
{
    std::string name;
    const world::Stock &s = stockPhrase(c, name);
    DraftCall &k = d.call("get_stock_history");
    k.set("symbol", s.symbol);
    std::string span;
    if (c.r.chance(0.7)) {
        const int days = c.pick(std::vector<int>{5, 7, 10, 14, 60, 90});
        k.set("days", days);
        span = c.count(days) + " days";
    } else {
        span = "month";
        k.set("days", 30, {""});
        c.need(kImplicitValue);
    }
    d.text = fill(c.pick({"How has {s} done over the past {span}?", "Show me {s}'s price history for the last {span}.",
                          "Summarise the {s} stock over the last {span}: high, low, that sort of thing."}),
                  {{"s", name}, {"span", span}});
}

double amount(Context &c)
{
    return static_cast<double>(c.pick(std::vector<int>{20, 50, 75, 100, 120, 150, 200, 250, 300, 450, 500, 800, 1000, 1200, 2500, 5000}));
}

std::string amountText(Context &c, double a)
{
    const std::string word = numberWord(static_cast<int>(a));
    if (!word.empty() && c.r.chance(0.3)) {
        c.need(kNumberWord);
        return word;
    }
    return money(a);
}

void convertCurrency(Context &c, Draft &d)
{
    auto [from, fromText] = c.currency();
    auto [to, toText] = c.currency();
    while (to == from)
        std::tie(to, toText) = c.currency();
    const double a = amount(c);
    DraftCall &k = d.call("convert_currency");
    k.setNumber("amount", a).set("from_currency", from).set("to_currency", to);
    const std::string amt = amountText(c, a);
    d.text = fill(c.pick({"How much is {a} {f} in {t}?", "Convert {a} {f} to {t}.", "I have {a} {f}. How many {t} is that?",
                          "If I exchange {a} {f}, what do I get in {t}?"}),
                  {{"a", amt}, {"f", fromText}, {"t", toText}});
}

void exchangeRate(Context &c, Draft &d)
{
    auto [from, fromText] = c.currency();
    auto [to, toText] = c.currency();
    while (to == from)
        std::tie(to, toText) = c.currency();
    d.call("get_exchange_rate").set("base_currency", from).set("target_currency", to);
    d.text = fill(c.pick({"What's the exchange rate from {f} to {t}?", "What's the current {f} to {t} rate?",
                          "How does {f} stand against {t} today? I just need the exchange rate."}),
                  {{"f", fromText}, {"t", toText}});
}

void loanPayment(Context &c, Draft &d)
{
    const int thousands = c.pick(std::vector<int>{15, 25, 40, 150, 250, 320, 400});
    const double rate = c.pick(std::vector<double>{3.5, 4.0, 4.25, 5.5, 6.0, 6.75, 7.2});
    const int years = c.pick(std::vector<int>{3, 5, 10, 15, 20, 30});
    DraftCall &k = d.call("calculate_loan_payment");
    k.setNumber("principal", thousands * 1000.0).setNumber("annual_rate_percent", rate).set("years", years);
    std::string principal;
    if (c.r.chance(0.4)) {
        principal = "$" + std::to_string(thousands) + "k";
        c.need(kImplicitValue);
    } else {
        principal = "$" + money(thousands * 1000.0);
    }
    char rateText[16];
    std::snprintf(rateText, sizeof rateText, "%g%%", rate);
    d.text = fill(c.pick({"What would the monthly payment be on a {p} loan at {r} over {y} years?",
                          "I'm borrowing {p} at {r} interest for {y} years. What will I pay each month?",
                          "Calculate the monthly repayment for {p}, {r} a year, {y}-year term."}),
                  {{"p", principal}, {"r", rateText}, {"y", c.count(years)}});
}

void compoundInterest(Context &c, Draft &d)
{
    const double principal = c.pick(std::vector<double>{1000, 2500, 5000, 10000, 20000});
    const double rate = c.pick(std::vector<double>{2.0, 3.0, 3.5, 4.0, 5.0});
    const int years = c.r.range(2, 20);
    DraftCall &k = d.call("calculate_compound_interest");
    k.setNumber("principal", principal).setNumber("annual_rate_percent", rate).set("years", years);
    std::string how;
    const int roll = static_cast<int>(c.r.below(4));
    if (roll == 0) {
        k.set("compounds_per_year", 4);
        how = ", compounded quarterly";
        c.need(kImplicitValue);
    } else if (roll == 1) {
        k.set("compounds_per_year", 1);
        how = ", compounded once a year";
        c.need(kImplicitValue);
    } else if (roll == 2) {
        k.set("compounds_per_year", 12, {""});
        how = ", compounded monthly";
    }
    char rateText[16];
    std::snprintf(rateText, sizeof rateText, "%g%%", rate);
    d.text = fill(c.pick({"If I put ${p} in a savings account at {r}{how}, how much will I have after {y} years?",
                          "How much does ${p} grow to in {y} years at {r} a year{how}?"}),
                  {{"p", money(principal)}, {"r", rateText}, {"how", how}, {"y", c.count(years)}});
}

void searchProducts(Context &c, Draft &d)
{
    struct Item
    {
        const char *query, *phrase, *category;
    };
    static const std::vector<Item> items{
        {"wireless headphones", "wireless headphones", "electronics"}, {"running shoes", "running shoes", "sports"},
        {"desk lamp", "a desk lamp", "home"},                          {"winter jacket", "a winter jacket", "clothing"},
        {"board game", "a board game", "toys"},                        {"mystery novel", "a mystery novel", "books"},
        {"coffee grinder", "a coffee grinder", "home"},                {"yoga mat", "a yoga mat", "sports"}};
    const auto &item = c.pick(items);
    DraftCall &k = d.call("search_products");
    k.set("query", item.query);
    std::string extra;
    if (c.r.chance(0.5)) {
        const int cap = c.pick(std::vector<int>{25, 40, 50, 80, 100, 150, 200});
        k.setNumber("max_price", cap);
        extra += c.pick({" under $", " for less than $", " costing at most $"}) + std::to_string(cap);
    }
    if (c.r.chance(0.2)) {
        k.set("category", item.category);
        extra += std::string(" in the ") + item.category + " section";
    }
    const int sort = static_cast<int>(c.r.below(5));
    if (sort == 0) {
        k.set("sort_by", "price_low_to_high");
        extra += ", cheapest first";
        c.need(kEnumMapping);
    } else if (sort == 1) {
        k.set("sort_by", "rating");
        extra += ", best rated first";
        c.need(kEnumMapping);
    } else if (sort == 2) {
        k.set("sort_by", "price_high_to_low");
        extra += ", most expensive first";
        c.need(kEnumMapping);
    }
    d.text = fill(c.pick({"Search the shop for {q}{extra}.", "I'm looking for {q}{extra}.", "Show me {q}{extra}."}),
                  {{"q", item.phrase}, {"extra", extra}});
}

std::string productId(Context &c) { return "P-" + std::to_string(c.r.range(10000, 99999)); }

void productDetails(Context &c, Draft &d)
{
    const std::string id = productId(c);
    d.call("get_product_details").set("product_id", id);
    d.text = fill(c.pick({"Tell me more about product {id}.", "Is {id} in stock, and how long does it take to ship?", "What's the warranty on item {id}?"}),
                  {{"id", id}});
}

void addToCart(Context &c, Draft &d)
{
    const std::string id = productId(c);
    DraftCall &k = d.call("add_to_cart");
    k.set("product_id", id);
    std::string qty;
    if (c.r.chance(0.6)) {
        const int n = c.r.range(2, 6);
        k.set("quantity", n);
        qty = c.count(n) + " of ";
    } else {
        k.set("quantity", 1, {""});
        qty = c.pick({"one ", "a single "});
    }
    d.text = fill(c.pick({"Add {qty}{id} to my cart.", "Put {qty}{id} in the basket, please."}), {{"qty", qty}, {"id", id}});
}

void trackOrder(Context &c, Draft &d)
{
    const std::string id = "ORD-" + std::to_string(c.r.range(10000, 99999));
    d.call("track_order").set("order_id", id);
    d.text = fill(c.pick({"Where is my order {id}?", "Has order {id} shipped yet?", "Track {id} for me, please."}), {{"id", id}});
}

void shipping(Context &c, Draft &d)
{
    DraftCall &k = d.call("calculate_shipping");
    const std::string country = c.pick({"Canada", "Germany", "Japan", "Brazil", "Australia", "France"});
    k.set("destination_country", country);
    std::string weight;
    if (c.r.chance(0.5)) {
        const int pounds = c.r.range(2, 30);
        k.setConverted("weight_kg", pounds * 0.45359237);
        weight = c.count(pounds) + c.pick({" pounds", " lbs"});
        c.need(kUnitConversion);
    } else {
        const double kg = c.r.range(1, 40) / 2.0;
        k.setNumber("weight_kg", kg);
        char t[16];
        std::snprintf(t, sizeof t, "%g kg", kg);
        weight = t;
    }
    std::string speed;
    if (c.r.chance(0.4)) {
        const std::string s = c.pick({"express", "overnight"});
        k.set("speed", s);
        speed = " by " + s + " shipping";
    }
    d.text = fill(c.pick({"How much does it cost to ship a {w} parcel to {c}{s}?", "Quote me shipping for {w} to {c}{s}."}),
                  {{"w", weight}, {"c", country}, {"s", speed}});
}

void convertUnits(Context &c, Draft &d)
{
    struct Pair
    {
        const char *from, *to;
    };
    static const std::vector<Pair> pairs{{"mile", "kilometer"}, {"kilometer", "mile"}, {"pound", "kilogram"}, {"kilogram", "pound"},
                                         {"foot", "meter"},     {"inch", "centimeter"}, {"gallon", "liter"},  {"cup", "milliliter"},
                                         {"ounce", "gram"},     {"hour", "minute"},     {"day", "hour"}};
    const Pair &p = c.pick(pairs);
    const world::Unit *from = world::findUnit(p.from);
    const world::Unit *to = world::findUnit(p.to);
    const int value = c.r.range(2, 50);
    DraftCall &k = d.call("convert_units");
    k.setNumber("value", value).set("from_unit", from->name).set("to_unit", to->name);
    c.need(kEnumMapping); // "miles" -> "mile"
    const std::string v = c.count(value, 0.3);
    d.text = fill(c.pick({"How many {to} are in {v} {from}?", "Convert {v} {from} to {to}.", "What is {v} {from} in {to}?"}),
                  {{"to", to->plural}, {"v", v}, {"from", value == 1 ? from->name : from->plural}});
}

void calculate(Context &c, Draft &d)
{
    const int a = c.r.range(2, 99), b = c.r.range(2, 40), e = c.r.range(1, 60);
    const int form = static_cast<int>(c.r.below(3));
    std::vector<Json> allowed;
    std::string text;
    if (form == 0) {
        allowed = {std::to_string(a) + " * " + std::to_string(b) + " + " + std::to_string(e), std::to_string(a) + "*" + std::to_string(b) + "+" + std::to_string(e),
                   "(" + std::to_string(a) + " * " + std::to_string(b) + ") + " + std::to_string(e)};
        text = fill(c.pick({"What's {a} times {b} plus {e}?", "Calculate {a} multiplied by {b}, then add {e}."}),
                    {{"a", std::to_string(a)}, {"b", std::to_string(b)}, {"e", std::to_string(e)}});
    } else if (form == 1) {
        allowed = {"(" + std::to_string(a) + " + " + std::to_string(b) + ") / " + std::to_string(e), "(" + std::to_string(a) + "+" + std::to_string(b) + ")/" + std::to_string(e)};
        text = fill("What do I get if I add {a} and {b} and divide the sum by {e}?", {{"a", std::to_string(a)}, {"b", std::to_string(b)}, {"e", std::to_string(e)}});
    } else {
        const int p = c.r.range(2, 4);
        allowed = {std::to_string(b) + " ^ " + std::to_string(p), std::to_string(b) + "^" + std::to_string(p)};
        text = fill(c.pick({"What is {b} to the power of {p}?", "Work out {b} raised to the {p}."}), {{"b", std::to_string(b)}, {"p", std::to_string(p)}});
        c.need(kImplicitValue);
    }
    d.call("calculate").setAllowed("expression", allowed);
    d.text = text;
}

void tip(Context &c, Draft &d)
{
    const double bill = c.r.range(2000, 30000) / 100.0;
    DraftCall &k = d.call("calculate_tip");
    k.setNumber("bill_amount", bill);
    std::string extra;
    if (c.r.chance(0.6)) {
        const double pct = c.pick(std::vector<double>{10, 12, 18, 20, 22});
        k.setNumber("tip_percent", pct);
        extra += ", tipping " + std::to_string(static_cast<int>(pct)) + "%";
    }
    if (c.r.chance(0.6)) {
        const int n = c.r.range(2, 6);
        k.set("split_between", n);
        extra += c.r.chance(0.5) ? ", split between " + c.count(n) + " people" : ", split between me and " + c.count(n - 1) + (n == 2 ? " friend" : " friends");
        if (extra.find("me and") != std::string::npos)
            c.need(kImplicitValue);
    }
    d.text = fill(c.pick({"The bill is ${b}{extra}. How much is the tip?", "Work out the tip on ${b}{extra}."}), {{"b", money(bill)}, {"extra", extra}});
}

void statistics(Context &c, Draft &d)
{
    const int n = c.r.range(3, 7);
    Json ints = Json::array(), floats = Json::array();
    std::string list;
    for (int i = 0; i < n; ++i) {
        const int v = c.r.range(40, 100);
        ints.push_back(v);
        floats.push_back(static_cast<double>(v));
        list += (i == 0 ? "" : i == n - 1 ? " and " : ", ") + std::to_string(v);
    }
    d.call("compute_statistics").setAllowed("numbers", {floats, ints});
    d.text = fill(c.pick({"My test scores were {l}. What's the average and the median?", "Give me the mean, min and max of {l}."}), {{"l", list}});
}

void quadratic(Context &c, Draft &d)
{
    const int r1 = c.r.range(-6, 6), r2 = c.r.range(-6, 6);
    const int a = c.r.chance(0.6) ? 1 : c.r.range(2, 3);
    const int b = -a * (r1 + r2), e = a * r1 * r2;
    DraftCall &k = d.call("solve_quadratic");
    k.setNumber("a", a).setNumber("b", b).setNumber("c", e);
    auto term = [](int coef, const char *x, bool first) {
        if (coef == 0)
            return std::string();
        std::string s = first ? (coef < 0 ? "-" : "") : (coef < 0 ? " - " : " + ");
        if (std::abs(coef) != 1 || x[0] == '\0')
            s += std::to_string(std::abs(coef));
        return s + x;
    };
    std::string eq = term(a, "x^2", true) + term(b, "x", false) + term(e, "", false) + " = 0";
    if (a == 1 || b == 0 || e == 0 || std::abs(b) == 1)
        c.need(kImplicitValue); // a coefficient of 1 or 0 is not written
    d.text = fill(c.pick({"Solve {eq} for x.", "What are the roots of {eq}?", "Find x in {eq}."}), {{"eq", eq}});
}

} // namespace

void addMoneyIntents(std::vector<IntentEntry> &out)
{
    out.insert(out.end(), {{"get_stock_price", stockPrice}, {"get_stock_history", stockHistory}, {"convert_currency", convertCurrency},
                           {"get_exchange_rate", exchangeRate}, {"calculate_loan_payment", loanPayment},
                           {"calculate_compound_interest", compoundInterest}, {"search_products", searchProducts},
                           {"get_product_details", productDetails}, {"add_to_cart", addToCart}, {"track_order", trackOrder},
                           {"calculate_shipping", shipping}, {"convert_units", convertUnits}, {"calculate", calculate},
                           {"calculate_tip", tip}, {"compute_statistics", statistics}, {"solve_quadratic", quadratic}});
}

} // namespace itool::data::synth
