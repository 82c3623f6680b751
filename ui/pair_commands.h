#pragma once
// Undoable pair review actions. The first redo() makes the decision through the model
// (database first) and remembers the states before and after; undo() and later redo()s put
// those states back, each one transaction with its own audit row ("undo" / "redo").
// A store error is reported through PairTableModel's owner (the pane), and the command
// becomes obsolete so that the stack does not keep an action that never happened.
// What it is not: the widgets that push them (pair_review_pane.h).
#include "core/store/pair_curation_store.h"

#include <QUndoCommand>

#include <functional>

namespace itool::ui {

class PairTableModel;

using PairErrorSink = std::function<void(const QString &message)>;

// approve / reject / skip of one or many pairs (a bulk action is one command).
class PairDecisionCommand : public QUndoCommand
{
public:
    PairDecisionCommand(PairTableModel *model, std::vector<std::int64_t> ids, std::string action,
                        PairErrorSink onError = {});
    void redo() override;
    void undo() override;
    const std::vector<std::int64_t> &ids() const { return m_ids; }

private:
    PairTableModel *m_model;
    std::vector<std::int64_t> m_ids;
    std::string m_action;
    PairErrorSink m_onError;
    bool m_done = false;
    std::vector<store::PairState> m_before, m_after;
};

class PairEditCommand : public QUndoCommand
{
public:
    PairEditCommand(PairTableModel *model, std::int64_t id, std::string chosen,
                    std::string rejected, PairErrorSink onError = {});
    void redo() override;
    void undo() override;

private:
    PairTableModel *m_model;
    std::int64_t m_id;
    std::string m_chosen, m_rejected;
    PairErrorSink m_onError;
    bool m_done = false;
    store::PairState m_before;
};

} // namespace itool::ui
