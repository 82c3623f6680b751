#include "core/store/workspace_store.h"

#include "core/store/sqlite_statement.h"
#include "core/store/workspace_database.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace itool::store {

namespace {

struct Statement : SqliteStatement
{
    Statement(sqlite3 *db, const std::string &sql) : SqliteStatement(db, sql, "workspace database") {}
};

std::string difficultyText(const std::optional<data::Difficulty> &d)
{
    return d ? std::string(data::toString(*d)) : std::string("(file)");
}

// Version N's schema is kMigrations[N-1]; applied in order inside one transaction each.
const char *const kMigrations[] = {
    R"sql(
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  path TEXT NOT NULL,
  source_path TEXT NOT NULL DEFAULT '',
  format TEXT NOT NULL DEFAULT '',
  imported_at TEXT NOT NULL,
  record_count INTEGER NOT NULL DEFAULT 0,
  issue_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE split_overrides (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  record_id TEXT NOT NULL,
  difficulty TEXT NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard', '')),
  decided_at TEXT NOT NULL,
  by_person INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (dataset_id, record_id)
);
CREATE TABLE predictions (
  dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  loaded_at TEXT NOT NULL
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  dataset_id INTEGER,
  record_id TEXT NOT NULL DEFAULT '',
  before TEXT NOT NULL DEFAULT '',
  after TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_dataset ON audit_log(dataset_id, id);
)sql",
};

} // namespace

std::string utcNow()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
    return buffer;
}

// BEGIN IMMEDIATE .. COMMIT, rolled back when an exception leaves the scope.
class WorkspaceStore::Transaction
{
public:
    explicit Transaction(const WorkspaceStore &store)
        : m_store(store)
    {
        m_store.exec("BEGIN IMMEDIATE");
    }
    ~Transaction()
    {
        if (!m_done)
            sqlite3_exec(m_store.m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void commit()
    {
        m_store.exec("COMMIT");
        m_done = true;
    }

private:
    const WorkspaceStore &m_store;
    bool m_done = false;
};

WorkspaceStore::WorkspaceStore(const std::string &path)
    : m_path(path)
{
    m_db = openWorkspaceDatabase(path);
    try {
        migrate();
    } catch (const std::exception &e) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StoreError(path + ": " + e.what());
    }
}

WorkspaceStore::~WorkspaceStore()
{
    if (m_db)
        sqlite3_close(m_db);
}

void WorkspaceStore::exec(const char *sql) const
{
    execSql(m_db, sql, std::string("workspace database"));
}

void WorkspaceStore::migrate()
{
    exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    int version = schemaVersion();
    if (version > kSchemaVersion)
        throw StoreError("the workspace database has schema version " + std::to_string(version)
                         + ", newer than this program understands (" + std::to_string(kSchemaVersion)
                         + "); open it with a newer iTool Workbench");
    while (version < kSchemaVersion) {
        Transaction tx(*this);
        exec(kMigrations[version]);
        exec("DELETE FROM schema_version");
        Statement(m_db, "INSERT INTO schema_version(version) VALUES (?)").bind(1, std::int64_t(version + 1)).run();
        tx.commit();
        ++version;
    }
}

int WorkspaceStore::schemaVersion() const
{
    Statement s(m_db, "SELECT max(version) FROM schema_version");
    return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

std::string WorkspaceStore::journalMode() const
{
    Statement s(m_db, "PRAGMA journal_mode");
    return s.step() ? s.text(0) : std::string();
}

bool WorkspaceStore::foreignKeysOn() const
{
    Statement s(m_db, "PRAGMA foreign_keys");
    return s.step() && s.integer(0) == 1;
}

std::string WorkspaceStore::integrityCheck() const
{
    Statement s(m_db, "PRAGMA integrity_check");
    return s.step() ? s.text(0) : std::string();
}

void WorkspaceStore::audit(const std::string &action, std::int64_t datasetId, const std::string &recordId,
                           const std::string &before, const std::string &after)
{
    Statement s(m_db, "INSERT INTO audit_log(at, action, dataset_id, record_id, before, after) VALUES (?,?,?,?,?,?)");
    s.bind(1, utcNow()).bind(2, action).bind(3, datasetId).bind(4, recordId).bind(5, before).bind(6, after).run();
}

std::int64_t WorkspaceStore::addDataset(const DatasetEntry &e)
{
    Transaction tx(*this);
    Statement s(m_db, "INSERT INTO datasets(name, path, source_path, format, imported_at, record_count, issue_count)"
                      " VALUES (?,?,?,?,?,?,?)");
    s.bind(1, e.name).bind(2, e.path).bind(3, e.sourcePath).bind(4, e.format);
    s.bind(5, e.importedAt.empty() ? utcNow() : e.importedAt).bind(6, e.records).bind(7, e.issues).run();
    const std::int64_t id = sqlite3_last_insert_rowid(m_db);
    audit("dataset.import", id, "", e.sourcePath,
          e.path + " (" + std::to_string(e.records) + " records, " + std::to_string(e.issues) + " issues)");
    tx.commit();
    return id;
}

std::vector<DatasetEntry> WorkspaceStore::datasets() const
{
    std::vector<DatasetEntry> out;
    Statement s(m_db, "SELECT id, name, path, source_path, format, imported_at, record_count, issue_count"
                      " FROM datasets ORDER BY id");
    while (s.step())
        out.push_back({s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.integer(6), s.integer(7)});
    return out;
}

std::optional<DatasetEntry> WorkspaceStore::dataset(std::int64_t id) const
{
    for (DatasetEntry &e : datasets())
        if (e.id == id)
            return e;
    return std::nullopt;
}

void WorkspaceStore::removeDataset(std::int64_t id)
{
    Transaction tx(*this);
    Statement(m_db, "DELETE FROM datasets WHERE id = ?").bind(1, id).run();
    audit("dataset.remove", id, "", "", "");
    tx.commit();
}

void WorkspaceStore::applySplitChanges(std::int64_t datasetId, const std::vector<SplitChange> &changes,
                                       const std::string &action, bool byPerson)
{
    Transaction tx(*this);
    Statement upsert(m_db, "INSERT INTO split_overrides(dataset_id, record_id, difficulty, decided_at, by_person)"
                           " VALUES (?,?,?,?,?) ON CONFLICT(dataset_id, record_id) DO UPDATE SET"
                           " difficulty = excluded.difficulty, decided_at = excluded.decided_at,"
                           " by_person = excluded.by_person");
    Statement remove(m_db, "DELETE FROM split_overrides WHERE dataset_id = ? AND record_id = ?");
    Statement log(m_db, "INSERT INTO audit_log(at, action, dataset_id, record_id, before, after) VALUES (?,?,?,?,?,?)");
    const std::string now = utcNow();
    for (const SplitChange &c : changes) {
        if (c.after) {
            upsert.bind(1, datasetId).bind(2, c.recordId).bind(3, std::string(data::toString(*c.after))).bind(4, now);
            upsert.bind(5, std::int64_t(byPerson ? 1 : 0));
            upsert.run();
        } else {
            remove.bind(1, datasetId).bind(2, c.recordId).run();
        }
        log.bind(1, now).bind(2, action).bind(3, datasetId).bind(4, c.recordId);
        log.bind(5, difficultyText(c.before)).bind(6, difficultyText(c.after)).run();
    }
    tx.commit();
}

std::unordered_map<std::string, SplitOverride> WorkspaceStore::splitOverrides(std::int64_t datasetId) const
{
    std::unordered_map<std::string, SplitOverride> out;
    Statement s(m_db, "SELECT record_id, difficulty, by_person FROM split_overrides WHERE dataset_id = ?");
    s.bind(1, datasetId);
    while (s.step())
        out[s.text(0)] = {data::difficultyFromString(s.text(1)).value_or(data::Difficulty::Unset), s.integer(2) != 0};
    return out;
}

void WorkspaceStore::setPredictionsFile(std::int64_t datasetId, const std::string &path)
{
    Transaction tx(*this);
    const auto before = predictionsFile(datasetId);
    Statement(m_db, "INSERT INTO predictions(dataset_id, path, loaded_at) VALUES (?,?,?) ON CONFLICT(dataset_id)"
                    " DO UPDATE SET path = excluded.path, loaded_at = excluded.loaded_at")
        .bind(1, datasetId)
        .bind(2, path)
        .bind(3, utcNow())
        .run();
    audit("predictions.attach", datasetId, "", before.value_or(""), path);
    tx.commit();
}

std::optional<std::string> WorkspaceStore::predictionsFile(std::int64_t datasetId) const
{
    Statement s(m_db, "SELECT path FROM predictions WHERE dataset_id = ?");
    s.bind(1, datasetId);
    if (s.step())
        return s.text(0);
    return std::nullopt;
}

std::vector<AuditEntry> WorkspaceStore::auditLog(std::int64_t datasetId, int limit) const
{
    std::vector<AuditEntry> out;
    Statement s(m_db, datasetId == 0
                          ? "SELECT id, at, action, coalesce(dataset_id, 0), record_id, before, after FROM audit_log"
                            " ORDER BY id DESC LIMIT ?"
                          : "SELECT id, at, action, coalesce(dataset_id, 0), record_id, before, after FROM audit_log"
                            " WHERE dataset_id = ? ORDER BY id DESC LIMIT ?");
    if (datasetId == 0) {
        s.bind(1, std::int64_t(limit));
    } else {
        s.bind(1, datasetId).bind(2, std::int64_t(limit));
    }
    while (s.step())
        out.push_back({s.integer(0), s.text(1), s.text(2), s.integer(3), s.text(4), s.text(5), s.text(6)});
    return out;
}

} // namespace itool::store
