#include "ui/split_commands.h"

#include <QCoreApplication>

namespace itool::ui {

MoveRecordsCommand::MoveRecordsCommand(Workspace *workspace, std::vector<SplitRowChange> changes, data::Difficulty target)
    : m_workspace(workspace)
    , m_changes(std::move(changes))
{
    const QString level = QString::fromStdString(std::string(data::toString(target)));
    if (m_changes.size() == 1 && workspace->index())
        setText(QCoreApplication::translate("MoveRecordsCommand", "Move %1 to %2")
                    .arg(QString::fromStdString(std::string(workspace->index()->id(m_changes.front().row))), level));
    else
        setText(QCoreApplication::translate("MoveRecordsCommand", "Move %n record(s) to %1", nullptr,
                                            static_cast<int>(m_changes.size()))
                    .arg(level));
}

void MoveRecordsCommand::redo()
{
    if (m_workspace)
        m_workspace->applySplit(m_changes, false, QStringLiteral("split.move"));
}

void MoveRecordsCommand::undo()
{
    if (m_workspace)
        m_workspace->applySplit(m_changes, true, QStringLiteral("split.undo"));
}

ApplyStrategyCommand::ApplyStrategyCommand(Workspace *workspace, std::vector<SplitRowChange> changes,
                                           const QString &strategy)
    : m_workspace(workspace)
    , m_changes(std::move(changes))
    , m_strategy(strategy)
{
    setText(QCoreApplication::translate("ApplyStrategyCommand", "Split %n record(s) with the %1 strategy", nullptr,
                                        static_cast<int>(m_changes.size()))
                .arg(strategy));
}

void ApplyStrategyCommand::redo()
{
    if (m_workspace)
        m_workspace->applySplit(m_changes, false, QStringLiteral("split.strategy:") + m_strategy);
}

void ApplyStrategyCommand::undo()
{
    if (m_workspace)
        m_workspace->applySplit(m_changes, true, QStringLiteral("split.undo:") + m_strategy);
}

} // namespace itool::ui
