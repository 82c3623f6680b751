#pragma once
// The split strategies the board can run (from core/data), adapted to produce split edits:
// every record no person has placed gets the strategy's level.
#include "ui/workspace.h"

#include <QString>

#include <vector>

namespace itool::ui {

struct SplitStrategyInfo
{
    QString name;  // stable key stored in the audit log
    QString title; // shown in the board
};

std::vector<SplitStrategyInfo> splitStrategies();

// Changes for the records whose level differs from the strategy's; a person's decisions
// are left alone. Throws UserError for an unknown strategy.
std::vector<SplitRowChange> assignWithStrategy(const QString &name, const data::RecordIndex &index);

} // namespace itool::ui
