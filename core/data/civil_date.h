#pragma once
// Proleptic Gregorian dates as day numbers (days since 1970-01-01), for the relative dates the
// generator writes ("next Friday" against the "today" of the system prompt) and the executors
// check. What it is not: time zones or times of day.
#include <optional>
#include <string>
#include <string_view>

namespace itool::data {

struct CivilDate
{
    int year = 1970;
    int month = 1; // 1..12
    int day = 1;   // 1..31

    static CivilDate fromDays(long days);
    long toDays() const;
    // 0 = Monday ... 6 = Sunday
    int weekday() const;
    CivilDate plusDays(long n) const { return fromDays(toDays() + n); }

    std::string iso() const;                // 2026-11-27
    std::string longText() const;           // Friday, November 27, 2026
    std::string monthDayText(bool dayFirst) const; // "November 27" or "27 November"
    static std::optional<CivilDate> parseIso(std::string_view text);

    bool operator==(const CivilDate &) const = default;
};

std::string_view weekdayName(int weekday); // 0 = Monday
std::string_view monthName(int month);     // 1 = January

} // namespace itool::data
