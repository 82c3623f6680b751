// Undoable pair review actions; see pair_commands.h.
#include "ui/pair_commands.h"

#include "ui/pair_table_model.h"

#include <QCoreApplication>

namespace itool::ui {

namespace {
QString describe(const std::string &action, std::size_t n)
{
    const QString verb
        = action == "approve"  ? QCoreApplication::translate("PairCommands", "Approve")
          : action == "reject" ? QCoreApplication::translate("PairCommands", "Reject")
                               : QCoreApplication::translate("PairCommands", "Skip");
    return n == 1 ? QCoreApplication::translate("PairCommands", "%1 pair").arg(verb)
                  : QCoreApplication::translate("PairCommands", "%1 %2 pairs").arg(verb).arg(n);
}
} // namespace

PairDecisionCommand::PairDecisionCommand(PairTableModel *model, std::vector<std::int64_t> ids,
                                         std::string action, PairErrorSink onError)
    : m_model(model)
    , m_ids(std::move(ids))
    , m_action(std::move(action))
    , m_onError(std::move(onError))
{
    setText(describe(m_action, m_ids.size()));
}

void PairDecisionCommand::redo()
{
    try {
        if (!m_done) {
            m_before = m_model->decide(m_ids, m_action);
            m_after.clear();
            for (std::int64_t id : m_ids)
                m_after.push_back(m_model->store()->state(id));
            m_done = true;
        } else {
            m_model->restore(m_ids, m_after, "redo");
        }
    } catch (const std::exception &e) {
        setObsolete(true);
        if (m_onError)
            m_onError(QString::fromUtf8(e.what()));
    }
}

void PairDecisionCommand::undo()
{
    try {
        m_model->restore(m_ids, m_before, "undo");
    } catch (const std::exception &e) {
        setObsolete(true);
        if (m_onError)
            m_onError(QString::fromUtf8(e.what()));
    }
}

PairEditCommand::PairEditCommand(PairTableModel *model, std::int64_t id, std::string chosen,
                                 std::string rejected, PairErrorSink onError)
    : m_model(model)
    , m_id(id)
    , m_chosen(std::move(chosen))
    , m_rejected(std::move(rejected))
    , m_onError(std::move(onError))
{
    setText(QCoreApplication::translate("PairCommands", "Edit pair %1").arg(id));
}

void PairEditCommand::redo()
{
    try {
        if (!m_done) {
            m_before = m_model->edit(m_id, m_chosen, m_rejected);
            m_done = true;
        } else {
            m_model->restore({m_id}, {store::PairState{"edited", m_chosen, m_rejected}}, "redo");
        }
    } catch (const std::exception &e) {
        setObsolete(true);
        if (m_onError)
            m_onError(QString::fromUtf8(e.what()));
    }
}

void PairEditCommand::undo()
{
    try {
        m_model->restore({m_id}, {m_before}, "undo");
    } catch (const std::exception &e) {
        setObsolete(true);
        if (m_onError)
            m_onError(QString::fromUtf8(e.what()));
    }
}

} // namespace itool::ui
