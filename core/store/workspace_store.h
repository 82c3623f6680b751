#pragma once
// The workspace database (SQLite): what people decide about their data. Datasets imported
// into the workspace, split overrides (a person moved a record to another difficulty) and
// the audit log of every such decision, plus the predictions file attached to a dataset.
// WAL mode, foreign keys, synchronous=FULL, a schema version table, and every write in one
// transaction, so that a crash mid-write leaves either the old or the new state, never half.
// What it is not: a copy of the records (those stay in the workspace's data/ JSONL files).
#include "core/common/user_error.h"
#include "core/data/record.h"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace itool::store {

// Problems with the database file itself (unreadable, corrupt, from a newer version).
class StoreError : public UserError
{
public:
    using UserError::UserError;
};

struct DatasetEntry
{
    std::int64_t id = 0;
    std::string name;
    std::string path;       // the native records file, relative to the workspace folder
    std::string sourcePath; // what was imported
    std::string format;     // the importer that read it, e.g. "native", "bfcl"
    std::string importedAt; // UTC, ISO 8601
    std::int64_t records = 0;
    std::int64_t issues = 0; // bad input lines left out
};

// One record's split decision changing: nullopt means "no override" (the file's value).
struct SplitChange
{
    std::string recordId;
    std::optional<data::Difficulty> before;
    std::optional<data::Difficulty> after;
};

// The stored decision for one record.
struct SplitOverride
{
    data::Difficulty difficulty = data::Difficulty::Unset;
    bool byPerson = true; // false: written by a split strategy, which a person may still change
};

struct AuditEntry
{
    std::int64_t id = 0;
    std::string at;
    std::string action; // e.g. "split.move", "split.undo", "dataset.import"
    std::int64_t datasetId = 0;
    std::string recordId;
    std::string before;
    std::string after;
};

class WorkspaceStore
{
public:
    static constexpr int kSchemaVersion = 1;

    // Opens or creates the database and migrates it; throws StoreError.
    explicit WorkspaceStore(const std::string &path);
    ~WorkspaceStore();
    WorkspaceStore(const WorkspaceStore &) = delete;
    WorkspaceStore &operator=(const WorkspaceStore &) = delete;

    const std::string &path() const { return m_path; }
    int schemaVersion() const;
    std::string journalMode() const;
    bool foreignKeysOn() const;
    // "ok" when SQLite's integrity check passes.
    std::string integrityCheck() const;

    std::int64_t addDataset(const DatasetEntry &entry); // returns the new id; audited
    std::vector<DatasetEntry> datasets() const;
    std::optional<DatasetEntry> dataset(std::int64_t id) const;
    void removeDataset(std::int64_t id); // its overrides and predictions go with it

    // Applies all changes in one transaction with one audit entry per change. A change whose
    // "before" does not match the stored state is still applied; the audit keeps the truth.
    void applySplitChanges(std::int64_t datasetId, const std::vector<SplitChange> &changes,
                           const std::string &action = "split.move", bool byPerson = true);
    std::unordered_map<std::string, SplitOverride> splitOverrides(std::int64_t datasetId) const;

    void setPredictionsFile(std::int64_t datasetId, const std::string &path);
    std::optional<std::string> predictionsFile(std::int64_t datasetId) const;

    // Newest first; datasetId 0 = all datasets.
    std::vector<AuditEntry> auditLog(std::int64_t datasetId = 0, int limit = 1000) const;

private:
    class Transaction;
    friend class Transaction;
    void exec(const char *sql) const;
    void migrate();
    void audit(const std::string &action, std::int64_t datasetId, const std::string &recordId,
               const std::string &before, const std::string &after);

    std::string m_path;
    sqlite3 *m_db = nullptr;
};

std::string utcNow(); // ISO 8601 with milliseconds

} // namespace itool::store
