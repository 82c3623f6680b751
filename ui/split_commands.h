#pragma once
// Undoable split edits: one QUndoCommand per kind of edit. Each keeps the before and after
// state of every record it touches and writes through the Workspace (database + index).
#include "ui/workspace.h"

#include <QPointer>
#include <QUndoCommand>

namespace itool::ui {

// A person moves records to a level (drag on the split board, Ctrl+1/2/3).
class MoveRecordsCommand : public QUndoCommand
{
public:
    static constexpr int kId = 1001;
    MoveRecordsCommand(Workspace *workspace, std::vector<SplitRowChange> changes, data::Difficulty target);
    void redo() override;
    void undo() override;
    int id() const override { return kId; }
    std::size_t size() const { return m_changes.size(); }

private:
    QPointer<Workspace> m_workspace;
    std::vector<SplitRowChange> m_changes;
};

// A split strategy assigned levels to the records no person has placed.
class ApplyStrategyCommand : public QUndoCommand
{
public:
    static constexpr int kId = 1002;
    ApplyStrategyCommand(Workspace *workspace, std::vector<SplitRowChange> changes, const QString &strategy);
    void redo() override;
    void undo() override;
    int id() const override { return kId; }

private:
    QPointer<Workspace> m_workspace;
    std::vector<SplitRowChange> m_changes;
    QString m_strategy;
};

} // namespace itool::ui
