#pragma once
// A workspace: a folder holding workspace.sqlite (people's decisions), data/ (imported
// datasets as native JSONL, with their import issues beside them) and runs/. This object
// owns the database and the index of the dataset being looked at; it imports and indexes
// through the JobManager so the GUI thread never waits, and it is the one place where split
// decisions are written (database first, then the index overlay).
#include "core/data/record_index.h"
#include "core/store/workspace_store.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <unordered_map>

namespace itool::ui {

class JobManager;

// One record's split before and after an edit (an undo swaps them).
struct SplitRowChange
{
    std::uint32_t row = 0;
    std::optional<data::Difficulty> overrideBefore; // nullopt: no stored decision
    std::optional<data::Difficulty> overrideAfter;
    data::Difficulty shownBefore = data::Difficulty::Unset; // what the index showed
    bool byPersonBefore = false;
    data::Difficulty shownAfter = data::Difficulty::Unset;
    bool byPersonAfter = true;
};

class Workspace : public QObject
{
    Q_OBJECT
public:
    // Creates the folder layout when missing; throws UserError / StoreError.
    Workspace(const QString &dir, JobManager *jobs, QObject *parent = nullptr);
    ~Workspace() override;

    static bool looksLikeWorkspace(const QString &dir);
    QString dir() const { return m_dir; }
    QString dataDir() const;
    QString runsDir() const;
    store::WorkspaceStore &store() { return *m_store; }
    JobManager *jobs() const { return m_jobs; }

    std::vector<store::DatasetEntry> datasets() const { return m_store->datasets(); }
    // Imports in a job; the new dataset becomes current when done. Returns the job id.
    int importDataset(const QString &sourceFile);
    // Opens a dataset: indexes in a job, rows appear chunk by chunk.
    void openDataset(std::int64_t datasetId);
    std::int64_t currentDatasetId() const { return m_datasetId; }
    std::shared_ptr<data::RecordIndex> index() const { return m_index; }
    bool indexing() const { return m_indexJob != 0; }
    // Import issues of the current dataset plus bad lines the index found.
    const std::vector<InputIssue> &issues() const { return m_issues; }

    // Split decisions: stored and shown; emits splitChanged.
    void applySplit(const std::vector<SplitRowChange> &changes, bool undo, const QString &action);
    // Builds the changes that move rows to a level as a person's decision.
    std::vector<SplitRowChange> movesTo(const std::vector<std::uint32_t> &rows, data::Difficulty target) const;
    // Builds the changes for a strategy's levels (not a person's decision).
    std::vector<SplitRowChange> strategyChanges(const std::vector<std::pair<std::uint32_t, data::Difficulty>> &levels) const;

    // Predictions (BFCL result lines {"id", "result"}), checked against the gold in a job.
    int loadPredictions(const QString &file);
    std::optional<Json> prediction(std::string_view recordId) const;
    bool hasPredictions() const { return !m_predictions.empty(); }

signals:
    void datasetsChanged();
    void currentDatasetChanged();
    void rowsAppended(std::size_t firstRow, std::size_t count);
    void indexingFinished();
    void issuesChanged();
    void splitChanged(const std::vector<std::uint32_t> &rows);
    void predictionsChanged();
    void importFinished(bool ok, const QString &message);

private:
    void applyOverridesTo(std::size_t firstRow);
    void finishIndexing();

    QString m_dir;
    JobManager *m_jobs;
    std::unique_ptr<store::WorkspaceStore> m_store;
    std::int64_t m_datasetId = 0;
    std::shared_ptr<data::RecordIndex> m_index;
    int m_indexJob = 0;
    std::vector<InputIssue> m_importIssues;
    std::vector<InputIssue> m_issues;
    std::unordered_map<std::string, store::SplitOverride> m_overrides;
    std::unordered_map<std::string, Json> m_predictions;
};

} // namespace itool::ui
