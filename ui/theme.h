#pragma once
// Colours shared by the panes: one per difficulty and one per checker error family, so the
// table, the split board and the record view agree.
#include "core/data/record.h"

#include <QColor>
#include <string_view>

namespace itool::ui::theme {

QColor difficultyColor(data::Difficulty difficulty);
// "" (correct) is green; errors by family (name, count, type, value, parse).
QColor errorColor(std::string_view errorType);
QColor errorBackground(std::string_view errorType); // light, for highlighting text

} // namespace itool::ui::theme
