#include "ui/split_strategies.h"

namespace itool::ui {

std::vector<SplitStrategyInfo> splitStrategies()
{
    return {};
}

std::vector<SplitRowChange> assignWithStrategy(const QString &name, const data::RecordIndex &)
{
    throw UserError("unknown split strategy \"" + name.toStdString() + "\"");
}

} // namespace itool::ui
