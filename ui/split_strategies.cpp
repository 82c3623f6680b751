#include "ui/split_strategies.h"

#include "core/data/difficulty_splitter.h"

#include <QObject>

namespace itool::ui {

std::vector<SplitStrategyInfo> splitStrategies()
{
    return {{QStringLiteral("structural"), QObject::tr("Structural (calls, tools, implicit values, turns)")}};
}

std::vector<StrategyAssignment> assignWithStrategy(const QString &name, const data::RecordIndex &index,
                                                   const std::atomic<bool> &cancel,
                                                   const std::function<void(double)> &progress)
{
    if (name != QStringLiteral("structural"))
        throw UserError("unknown split strategy \"" + name.toStdString() + "\"");
    std::vector<StrategyAssignment> out;
    const std::size_t n = index.size();
    for (std::size_t row = 0; row < n; ++row) {
        if (cancel.load())
            return {};
        if ((row & 1023) == 0 && progress)
            progress(double(row) / double(std::max<std::size_t>(1, n)));
        if (index.difficultyByPerson(row))
            continue; // a person's decision is never overwritten
        const auto record = index.record(row);
        const auto level = data::structuralDifficulty(data::structuralFeatures(*record).score);
        if (level != index.difficulty(row))
            out.push_back({static_cast<std::uint32_t>(row), level});
    }
    return out;
}

} // namespace itool::ui
