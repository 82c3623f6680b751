#pragma once
// The pair review pane: the queue of pairs (PairTableModel) with filters by round,
// difficulty, rejected error type and status; for the current pair its prompt, the shared
// prefix and the two responses (prefix + fragment) with the differing fragment highlighted
// and the rejected side's errors marked (PredictionView, as in the record view). Approve (A),
// reject (R), edit (E), skip (S), bulk approve / reject of the filtered set, each an undoable
// command on the given QUndoStack; F1 or ? shows the keys. Export writes the pairs for a
// trainer (core/store/pair_exporter).
// What it is not: the store or the exports themselves.
#include "core/store/pair_curation_store.h"
#include "core/store/pair_exporter.h"

#include <QPointer>
#include <QUndoStack>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace itool::ui {

class PairTableModel;
class PredictionView;

class PairReviewPane : public QWidget
{
    Q_OBJECT
public:
    PairReviewPane(QUndoStack *undo, QWidget *parent = nullptr);
    ~PairReviewPane() override;

    // Opens the pairs of a workspace (its workspace.sqlite and datasets); "" closes.
    void setWorkspaceDir(const QString &dir);
    // Or a database directly, with the records to check against (tests).
    void setStore(std::unique_ptr<store::PairCurationStore> store,
                  std::unordered_map<std::string, data::Record> records);
    store::PairCurationStore *store() const { return m_store.get(); }

    PairTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QUndoStack *undoStack() const { return m_undo; }
    PredictionView *chosenView() const { return m_chosenView; }
    PredictionView *rejectedView() const { return m_rejectedView; }
    QString promptText() const;
    QString lastError() const { return m_lastError; }

    std::int64_t currentId() const; // 0 when none
    void selectRow(int row);

    // The actions behind the keys (tests call them; the keys and buttons call them too).
    void approveCurrent();
    void rejectCurrent();
    void skipCurrent();
    void editCurrent(); // opens the editor
    void editCurrentTo(const std::string &chosen, const std::string &rejected);
    void decideAllShown(const std::string &action);
    void showCheatSheet();
    // Writes the shown filter's pairs (or only approved ones) for a trainer.
    store::PairExportResult exportTo(store::PairFormat format, const QString &path,
                                     bool approvedOnly);

    void applyFilterBoxes();
    void addPersonPair(const QString &run, const search::PreferencePair &pair);

signals:
    // The pair shown changed: where its tree is (run, record, round) and its nodes.
    void currentPairChanged(const QString &run, const QString &recordId, int round, int chosenNode, int rejectedNode);

private:
    void decideCurrent(const std::string &action);
    void showCurrent();
    void refillFilterBoxes();
    void updateCounts();
    void exportWithDialog();
    void reportError(const QString &message);

    QPointer<QUndoStack> m_undo; // may be shared with (and destroyed before) this pane
    std::unique_ptr<store::PairCurationStore> m_store;
    QString m_workspaceDir;
    PairTableModel *m_model;
    QTableView *m_table;
    QComboBox *m_round, *m_difficulty, *m_error, *m_status;
    QLabel *m_counts, *m_prefix, *m_chosenLabel, *m_rejectedLabel, *m_errorsLabel, *m_message;
    QTextBrowser *m_prompt;
    PredictionView *m_chosenView, *m_rejectedView;
    QString m_lastError;
};

} // namespace itool::ui
