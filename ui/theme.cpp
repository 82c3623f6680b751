#include "ui/theme.h"

namespace itool::ui::theme {

QColor difficultyColor(data::Difficulty difficulty)
{
    switch (difficulty) {
    case data::Difficulty::Easy: return QColor(0x2e, 0x7d, 0x32);
    case data::Difficulty::Medium: return QColor(0xb2, 0x6a, 0x00);
    case data::Difficulty::Hard: return QColor(0xc6, 0x28, 0x28);
    default: return QColor(0x61, 0x61, 0x61);
    }
}

QColor errorColor(std::string_view e)
{
    if (e.empty())
        return QColor(0x2e, 0x7d, 0x32);
    if (e.find("func_name") != std::string_view::npos)
        return QColor(0x6a, 0x1b, 0x9a);
    if (e.find("count") != std::string_view::npos || e.find("cannot_find_match") != std::string_view::npos)
        return QColor(0x45, 0x5a, 0x64);
    if (e.find("missing") != std::string_view::npos || e.find("unexpected") != std::string_view::npos)
        return QColor(0xef, 0x6c, 0x00);
    if (e.find("type_error") != std::string_view::npos)
        return QColor(0x15, 0x65, 0xc0);
    if (e.find("value_error") != std::string_view::npos)
        return QColor(0xc6, 0x28, 0x28);
    if (e.find("decoder") != std::string_view::npos)
        return QColor(0x37, 0x47, 0x4f);
    return QColor(0x79, 0x55, 0x48);
}

QColor errorBackground(std::string_view e)
{
    // Distinct light tints per family, so nested spans (a wrong value inside an unmatched
    // call) stay distinguishable.
    if (e.empty())
        return QColor(0xc8, 0xe6, 0xc9);
    if (e.find("func_name") != std::string_view::npos)
        return QColor(0xe1, 0xbe, 0xe7);
    if (e.find("count") != std::string_view::npos || e.find("cannot_find_match") != std::string_view::npos)
        return QColor(0xe6, 0xe6, 0xe6);
    if (e.find("missing") != std::string_view::npos || e.find("unexpected") != std::string_view::npos)
        return QColor(0xff, 0xe0, 0xb2);
    if (e.find("type_error") != std::string_view::npos)
        return QColor(0xbb, 0xde, 0xfb);
    if (e.find("value_error") != std::string_view::npos)
        return QColor(0xff, 0xcd, 0xd2);
    if (e.find("decoder") != std::string_view::npos)
        return QColor(0xcf, 0xd8, 0xdc);
    return QColor(0xd7, 0xcc, 0xc8);
}

} // namespace itool::ui::theme
