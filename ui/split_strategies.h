#pragma once
// The split strategies the board can run (core/data/difficulty_splitter), adapted to split
// edits: every record no person has placed gets the strategy's level. Only the structural
// rule is offered here; the perplexity split needs a model and runs from the CLI.
#include "core/data/record_index.h"

#include <QString>

#include <atomic>
#include <functional>
#include <vector>

namespace itool::ui {

struct SplitStrategyInfo
{
    QString name;  // stable key stored in the audit log
    QString title; // shown in the board
};

std::vector<SplitStrategyInfo> splitStrategies();

struct StrategyAssignment
{
    std::uint32_t row;
    data::Difficulty difficulty;
};

// The levels the strategy gives to records no person has placed, where they differ from
// the current ones. Reads the index only (safe on a worker once indexing is complete).
// Throws UserError for an unknown strategy.
std::vector<StrategyAssignment> assignWithStrategy(const QString &name, const data::RecordIndex &index,
                                                   const std::atomic<bool> &cancel,
                                                   const std::function<void(double)> &progress);

} // namespace itool::ui
