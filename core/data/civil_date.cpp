#include "core/data/civil_date.h"

#include <array>
#include <cstdio>

namespace itool::data {

namespace {
constexpr std::array<std::string_view, 7> kWeekdays{"Monday", "Tuesday", "Wednesday", "Thursday",
                                                    "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 12> kMonths{"January", "February", "March",     "April",
                                                   "May",     "June",     "July",      "August",
                                                   "September", "October", "November", "December"};
} // namespace

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
long CivilDate::toDays() const
{
    const int y = year - (month <= 2 ? 1 : 0);
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = static_cast<unsigned>(month + (month > 2 ? -3 : 9));
    const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

CivilDate CivilDate::fromDays(long z)
{
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long y = static_cast<long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return CivilDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

int CivilDate::weekday() const
{
    const long d = toDays(); // 1970-01-01 was a Thursday (3)
    return static_cast<int>(((d % 7) + 7 + 3) % 7);
}

std::string CivilDate::iso() const
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

std::string CivilDate::longText() const
{
    return std::string(weekdayName(weekday())) + ", " + std::string(monthName(month)) + " "
           + std::to_string(day) + ", " + std::to_string(year);
}

std::string CivilDate::monthDayText(bool dayFirst) const
{
    if (dayFirst)
        return std::to_string(day) + " " + std::string(monthName(month));
    return std::string(monthName(month)) + " " + std::to_string(day);
}

std::optional<CivilDate> CivilDate::parseIso(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    auto digits = [&](std::size_t from, std::size_t n) -> int {
        int value = 0;
        for (std::size_t i = from; i < from + n; ++i) {
            if (text[i] < '0' || text[i] > '9')
                return -1;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    const CivilDate date{digits(0, 4), digits(5, 2), digits(8, 2)};
    if (date.year < 0 || date.month < 1 || date.month > 12 || date.day < 1)
        return std::nullopt;
    if (fromDays(date.toDays()) != date) // e.g. 2026-02-30
        return std::nullopt;
    return date;
}

std::string_view weekdayName(int weekday) { return kWeekdays[static_cast<std::size_t>(weekday % 7)]; }
std::string_view monthName(int month) { return kMonths[static_cast<std::size_t>((month - 1) % 12)]; }

} // namespace itool::data
