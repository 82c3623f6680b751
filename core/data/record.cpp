#include "core/data/record.h"

#include <array>
#include <utility>

namespace itool::data {

namespace {

template<typename Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::pair<Enum, std::string_view>, N> &table,
                           std::string_view text)
{
    for (const auto &[value, name] : table)
        if (name == text)
            return value;
    return std::nullopt;
}

template<typename Enum, std::size_t N>
std::string_view nameOf(const std::array<std::pair<Enum, std::string_view>, N> &table, Enum value)
{
    for (const auto &[candidate, name] : table)
        if (candidate == value)
            return name;
    return {};
}

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoles{{
    {Role::System, "system"}, {Role::User, "user"}, {Role::Assistant, "assistant"}, {Role::Tool, "tool"}}};
constexpr std::array<std::pair<Category, std::string_view>, 5> kCategories{{
    {Category::None, "none"},
    {Category::Simple, "simple"},
    {Category::Multiple, "multiple"},
    {Category::Parallel, "parallel"},
    {Category::ParallelMultiple, "parallel_multiple"}}};
constexpr std::array<std::pair<Difficulty, std::string_view>, 4> kDifficulties{{
    {Difficulty::Unset, ""}, {Difficulty::Easy, "easy"}, {Difficulty::Medium, "medium"}, {Difficulty::Hard, "hard"}}};

} // namespace

bool GoldParam::omittable() const
{
    for (const Json &value : allowed)
        if (value.is_string() && value.get_ref<const std::string &>().empty())
            return true;
    return false;
}

std::string_view toString(Role role) { return nameOf(kRoles, role); }
std::optional<Role> roleFromString(std::string_view text) { return lookup(kRoles, text); }
std::string_view toString(Category category) { return nameOf(kCategories, category); }
std::optional<Category> categoryFromString(std::string_view text) { return lookup(kCategories, text); }
std::string_view toString(Difficulty difficulty) { return nameOf(kDifficulties, difficulty); }
std::optional<Difficulty> difficultyFromString(std::string_view text) { return lookup(kDifficulties, text); }

Category inferCategory(const Record &record)
{
    if (record.gold.empty())
        return Category::None;
    const bool parallel = record.gold.size() > 1;
    const bool multiple = record.tools.size() > 1;
    if (parallel && multiple)
        return Category::ParallelMultiple;
    if (parallel)
        return Category::Parallel;
    if (multiple)
        return Category::Multiple;
    return Category::Simple;
}

} // namespace itool::data
