#include "core/data/request_phrasing.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace itool::data::synth {

namespace {

void addUnique(std::vector<Json> &list, Json value)
{
    if (std::find(list.begin(), list.end(), value) == list.end())
        list.push_back(std::move(value));
}

} // namespace

DraftCall &DraftCall::set(const std::string &name, Json value, std::vector<Json> alternatives)
{
    std::vector<Json> allowed{value};
    for (Json &a : alternatives)
        addUnique(allowed, std::move(a));
    arguments[name] = std::move(value);
    return setAllowed(name, std::move(allowed));
}

DraftCall &DraftCall::setAllowed(const std::string &name, std::vector<Json> values)
{
    arguments[name] = values.front();
    for (auto &entry : allowed)
        if (entry.first == name) {
            entry.second = std::move(values);
            return *this;
        }
    allowed.emplace_back(name, std::move(values));
    return *this;
}

DraftCall &DraftCall::setNumber(const std::string &name, double value)
{
    std::vector<Json> values{Json(value)};
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        values.push_back(Json(static_cast<long long>(value)));
    return setAllowed(name, std::move(values));
}

DraftCall &DraftCall::setConverted(const std::string &name, double exact)
{
    // Rounded to 4, 3, 2, 1 and 0 decimals: a model that rounds sensibly is right.
    // Only roundings within 1 % of the exact value count (6.35 kg is not "6").
    std::vector<Json> values;
    auto close = [&](double v) { return std::fabs(v - exact) <= 0.01 * std::fabs(exact); };
    for (int decimals : {4, 3, 2, 1, 0}) {
        const double scale = std::pow(10.0, decimals);
        const double rounded = std::round(exact * scale) / scale;
        if (values.empty() || close(rounded))
            addUnique(values, Json(rounded));
    }
    if (close(static_cast<double>(std::llround(exact))))
        addUnique(values, Json(static_cast<long long>(std::llround(exact))));
    return setAllowed(name, std::move(values));
}

void Context::need(const char *kind)
{
    if (std::find(reasoning.begin(), reasoning.end(), kind) == reasoning.end())
        reasoning.emplace_back(kind);
}

std::string numberWord(int n)
{
    static const char *small[] = {"zero",    "one",     "two",       "three",    "four",     "five",    "six",
                                  "seven",   "eight",   "nine",      "ten",      "eleven",   "twelve",  "thirteen",
                                  "fourteen", "fifteen", "sixteen",  "seventeen", "eighteen", "nineteen", "twenty"};
    static const char *tens[] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    if (n >= 0 && n <= 20)
        return small[n];
    if (n < 100 && n > 20)
        return n % 10 == 0 ? std::string(tens[n / 10]) : std::string(tens[n / 10]) + "-" + small[n % 10];
    if (n == 100)
        return "a hundred";
    if (n > 100 && n < 1000 && n % 100 == 0)
        return std::string(small[n / 100]) + " hundred";
    if (n > 100 && n < 1000 && n % 50 == 0)
        return std::string(small[n / 100]) + " hundred and fifty";
    if (n == 1000)
        return "a thousand";
    return "";
}

std::string Context::count(int n, double wordChance)
{
    const std::string word = numberWord(n);
    if (!word.empty() && r.chance(wordChance)) {
        need(kNumberWord);
        return word;
    }
    return std::to_string(n);
}

Context::When Context::when(int minOffset, int maxOffset, bool unambiguous)
{
    for (int attempt = 0; attempt < 8; ++attempt) {
        int kind = static_cast<int>(r.below(8));
        if (unambiguous && kind == 4)
            kind = 2;
        When w;
        int offset = 0;
        switch (kind) {
        case 0: { // named day
            offset = r.range(0, 2);
            w.text = offset == 0 ? "today" : offset == 1 ? "tomorrow" : "the day after tomorrow";
            break;
        }
        case 1: { // in N days
            offset = r.range(2, 10);
            if (offset < minOffset || offset > maxOffset)
                continue;
            w.text = "in " + count(offset) + " days";
            break;
        }
        case 2:
        case 3: { // the coming weekday
            const int target = r.range(0, 6);
            offset = (target - today.weekday() + 7) % 7;
            if (offset == 0)
                offset = 7;
            w.text = std::string(r.pick({"on ", "this ", "this coming "})) + std::string(weekdayName(target));
            break;
        }
        case 4: { // next weekday: people mean the coming one or the one after; both are right
            const int target = r.range(0, 6);
            offset = (target - today.weekday() + 7) % 7;
            if (offset == 0)
                offset = 7;
            w.text = "next " + std::string(weekdayName(target));
            if (offset < minOffset || offset + 7 > maxOffset)
                continue;
            w.date = today.plusDays(offset);
            w.allowed = {today.plusDays(offset).iso(), today.plusDays(offset + 7).iso()};
            need(kRelativeDate);
            return w;
        }
        case 5: {
            offset = r.pick({7, 8, 14});
            w.text = offset == 7 ? "a week from today" : offset == 8 ? "a week from tomorrow" : "in two weeks";
            break;
        }
        case 6: { // month and day, year implied
            offset = r.range(std::max(minOffset, 3), std::max(maxOffset, 3));
            const CivilDate d = today.plusDays(offset);
            w.text = "on " + d.monthDayText(r.chance(0.4));
            if (offset < minOffset || offset > maxOffset)
                continue;
            w.date = d;
            w.allowed = {d.iso()};
            need(kDateFormat);
            return w;
        }
        default: { // explicit ISO
            offset = r.range(minOffset, maxOffset);
            const CivilDate d = today.plusDays(offset);
            w.text = "on " + d.iso();
            w.date = d;
            w.allowed = {d.iso()};
            return w;
        }
        }
        if (offset < minOffset || offset > maxOffset)
            continue;
        w.date = today.plusDays(offset);
        w.allowed = {w.date.iso()};
        need(kRelativeDate);
        return w;
    }
    const CivilDate d = today.plusDays(minOffset);
    return When{"on " + d.iso(), {d.iso()}, d};
}

Context::Clock Context::clock(int hour, int minute)
{
    char hhmm[16];
    std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", hour, minute);
    const int h12 = hour % 12 == 0 ? 12 : hour % 12;
    const char *half = hour < 12 ? "am" : "pm";
    std::string text;
    switch (r.below(4)) {
    case 0:
        text = std::string("at ") + hhmm;
        return Clock{text, hhmm};
    case 1:
        if (minute == 30) {
            text = "at half past " + numberWord(h12) + (hour < 12 ? " in the morning" : hour < 18 ? " in the afternoon" : " in the evening");
            break;
        }
        [[fallthrough]];
    default:
        if (hour == 12 && minute == 0)
            text = "at noon";
        else
            text = "at " + std::to_string(h12) + (minute ? ":" + std::string(hhmm + 3) : std::string()) + (r.chance(0.5) ? " " : "") + half;
    }
    need(kTimeFormat);
    return Clock{text, hhmm};
}

Context::Clock Context::anyClock(int fromHour, int toHour)
{
    return clock(r.range(fromHour, toHour), r.chance(0.6) ? 0 : r.pick({15, 30, 45}));
}

Context::Place Context::place(const world::City &c)
{
    Place p{&c, c.name, {}};
    addUnique(p.allowed, c.name);
    addUnique(p.allowed, c.name + ", " + c.country);
    for (const std::string &alias : c.aliases)
        addUnique(p.allowed, alias);
    std::vector<std::string> shortAliases;
    for (const std::string &alias : c.aliases)
        if (alias.find(',') == std::string::npos)
            shortAliases.push_back(alias);
    const double roll = r.unit();
    if (roll < 0.2 && !shortAliases.empty())
        p.text = pick(shortAliases);
    else if (roll < 0.3)
        p.text = c.name + ", " + c.country;
    return p;
}

Context::Place Context::place() { return place(city()); }

Context::Place Context::airport(const world::City &c)
{
    Place p{&c, {}, {}};
    if (r.chance(0.55)) {
        need(kCodeLookup);
        p.text = r.chance(0.85) || c.aliases.empty() ? c.name : c.aliases.front();
        for (const std::string &code : c.airports)
            p.allowed.push_back(code);
    } else {
        const std::string &code = pick(c.airports);
        p.text = code;
        p.allowed = {code};
    }
    return p;
}

std::pair<std::string, std::string> Context::currency()
{
    const world::Currency &c = pick(world::currencies());
    if (r.chance(0.6)) {
        need(kCodeLookup);
        return {c.code, pick(c.names)};
    }
    return {c.code, c.code};
}

std::string fill(std::string_view pattern, std::initializer_list<std::pair<std::string_view, std::string>> values)
{
    std::string out;
    out.reserve(pattern.size() + 32);
    for (std::size_t i = 0; i < pattern.size();) {
        if (pattern[i] == '{') {
            const std::size_t close = pattern.find('}', i);
            const std::string_view key = pattern.substr(i + 1, close - i - 1);
            for (const auto &[k, v] : values)
                if (k == key) {
                    out += v;
                    break;
                }
            i = close + 1;
        } else {
            out += pattern[i++];
        }
    }
    return out;
}

std::string capitalised(std::string text)
{
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
        text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
}

std::string decapitalised(std::string text)
{
    // Keep "I", "I'm" and acronyms ("NYC") as written.
    if (text.size() > 1 && text[0] >= 'A' && text[0] <= 'Z' && text[1] >= 'a' && text[1] <= 'z')
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

std::string money(double amount)
{
    char buffer[48];
    if (amount == std::floor(amount)) {
        std::string digits = std::to_string(static_cast<long long>(amount));
        for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
            digits.insert(static_cast<std::size_t>(i), ",");
        return digits;
    }
    std::snprintf(buffer, sizeof buffer, "%.2f", amount);
    return buffer;
}

} // namespace itool::data::synth
