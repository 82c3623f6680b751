// Preference pairs table; see preference_store.h.
#include "core/store/preference_store.h"

#include "core/store/sqlite_statement.h"
#include "core/store/workspace_database.h"

#include <sqlite3.h>

namespace itool::store {

namespace {

struct Stmt : SqliteStatement
{
    Stmt(sqlite3 *db, const std::string &sql) : SqliteStatement(db, sql, "preference pairs") {}
};

const char *const kSchemaV1 = R"SQL(
CREATE TABLE IF NOT EXISTS preference_pairs (
  id INTEGER PRIMARY KEY,
  run TEXT NOT NULL,
  record_id TEXT NOT NULL,
  round INTEGER NOT NULL,
  parent_node INTEGER NOT NULL,
  chosen_node INTEGER NOT NULL,
  rejected_node INTEGER NOT NULL,
  prompt TEXT NOT NULL,
  prefix TEXT NOT NULL,
  chosen TEXT NOT NULL,
  rejected TEXT NOT NULL,
  chosen_value REAL NOT NULL,
  rejected_value REAL NOT NULL,
  chosen_visits INTEGER NOT NULL,
  rejected_visits INTEGER NOT NULL,
  rejected_errors TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'proposed'
    CHECK (status IN ('proposed', 'approved', 'rejected', 'edited')),
  edited_chosen TEXT NOT NULL DEFAULT '',
  edited_rejected TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (run, record_id, round, parent_node)
);
CREATE INDEX IF NOT EXISTS preference_pairs_run_round ON preference_pairs(run, round);
CREATE INDEX IF NOT EXISTS preference_pairs_status ON preference_pairs(status);
)SQL";

} // namespace

PreferenceStore::PreferenceStore(const std::string &path) : m_path(path)
{
    m_db = openWorkspaceDatabase(path);
    try {
        exec("CREATE TABLE IF NOT EXISTS schema_components (name TEXT PRIMARY KEY, version INTEGER NOT NULL)");
        const int version = schemaVersion();
        if (version > kSchemaVersion)
            throw StoreError(path + ": preference pairs have schema version " + std::to_string(version) +
                             ", newer than this program's " + std::to_string(kSchemaVersion));
        if (version < 1) {
            exec("BEGIN IMMEDIATE");
            try {
                exec(kSchemaV1);
                exec("INSERT OR REPLACE INTO schema_components(name, version) VALUES ('preferences', 1)");
                exec("COMMIT");
            } catch (...) {
                sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
                throw;
            }
        }
    } catch (...) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
}

PreferenceStore::~PreferenceStore()
{
    sqlite3_close(m_db);
}

void PreferenceStore::exec(const char *sql) const
{
    execSql(m_db, sql, m_path);
}

int PreferenceStore::schemaVersion() const
{
    Stmt s(m_db, "SELECT version FROM schema_components WHERE name = 'preferences'");
    return s.step() ? int(s.integer(0)) : 0;
}

int PreferenceStore::addPairs(const std::string &run, const std::vector<search::PreferencePair> &pairs)
{
    exec("BEGIN IMMEDIATE");
    int added = 0;
    try {
        Stmt s(m_db, "INSERT OR IGNORE INTO preference_pairs (run, record_id, round, parent_node, chosen_node, "
                     "rejected_node, prompt, prefix, chosen, rejected, chosen_value, rejected_value, chosen_visits, "
                     "rejected_visits, rejected_errors, status, created_at, updated_at) "
                     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        const std::string now = utcNow();
        for (const auto &p : pairs) {
            s.bind(1, run).bind(2, p.recordId).bind(3, std::int64_t(p.round)).bind(4, std::int64_t(p.parentNode));
            s.bind(5, std::int64_t(p.chosenNode)).bind(6, std::int64_t(p.rejectedNode)).bind(7, p.prompt);
            s.bind(8, p.prefix).bind(9, p.chosen).bind(10, p.rejected).bind(11, p.chosenValue);
            s.bind(12, p.rejectedValue).bind(13, std::int64_t(p.chosenVisits)).bind(14, std::int64_t(p.rejectedVisits));
            s.bind(15, p.rejectedErrors.dump(-1, ' ', false, Json::error_handler_t::replace)).bind(16, std::string("proposed")).bind(17, now).bind(18, now);
            s.step();
            added += sqlite3_changes(m_db);
            s.reset();
        }
        exec("COMMIT");
    } catch (...) {
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    return added;
}

std::vector<StoredPair> PreferenceStore::pairs(const PairQuery &q) const
{
    std::string sql = "SELECT id, run, record_id, round, parent_node, chosen_node, rejected_node, prompt, prefix, "
                      "chosen, rejected, chosen_value, rejected_value, chosen_visits, rejected_visits, "
                      "rejected_errors, status, edited_chosen, edited_rejected, updated_at FROM preference_pairs "
                      "WHERE 1=1";
    if (!q.run.empty())
        sql += " AND run = ?1";
    if (q.round >= 0)
        sql += " AND round = ?2";
    if (!q.status.empty())
        sql += " AND status = ?3";
    if (q.approvedOnly)
        sql += " AND status IN ('approved', 'edited')";
    sql += " ORDER BY id";
    if (q.limit >= 0)
        sql += " LIMIT " + std::to_string(q.limit);
    Stmt s(m_db, sql);
    if (!q.run.empty())
        s.bind(1, q.run);
    if (q.round >= 0)
        s.bind(2, std::int64_t(q.round));
    if (!q.status.empty())
        s.bind(3, q.status);
    std::vector<StoredPair> out;
    while (s.step()) {
        StoredPair sp;
        sp.id = s.integer(0);
        sp.run = s.text(1);
        auto &p = sp.pair;
        p.recordId = s.text(2);
        p.round = int(s.integer(3));
        p.parentNode = int(s.integer(4));
        p.chosenNode = int(s.integer(5));
        p.rejectedNode = int(s.integer(6));
        p.prompt = s.text(7);
        p.prefix = s.text(8);
        p.chosen = s.text(9);
        p.rejected = s.text(10);
        p.chosenValue = s.real(11);
        p.rejectedValue = s.real(12);
        p.chosenVisits = int(s.integer(13));
        p.rejectedVisits = int(s.integer(14));
        p.rejectedErrors = Json::parse(s.text(15), nullptr, false);
        if (p.rejectedErrors.is_discarded())
            p.rejectedErrors = Json::array();
        p.status = s.text(16);
        sp.editedChosen = s.text(17);
        sp.editedRejected = s.text(18);
        sp.updatedAt = s.text(19);
        out.push_back(std::move(sp));
    }
    return out;
}

void PreferenceStore::setStatus(std::int64_t id, const std::string &status)
{
    if (status != "proposed" && status != "approved" && status != "rejected")
        throw StoreError("pair status must be proposed, approved or rejected (edits go through editPair), not \"" +
                         status + "\"");
    Stmt s(m_db, "UPDATE preference_pairs SET status = ?1, updated_at = ?2 WHERE id = ?3");
    s.bind(1, status).bind(2, utcNow()).bind(3, id);
    s.step();
    if (sqlite3_changes(m_db) != 1)
        throw StoreError("no preference pair with id " + std::to_string(id));
}

void PreferenceStore::editPair(std::int64_t id, const std::string &chosen, const std::string &rejected)
{
    Stmt s(m_db, "UPDATE preference_pairs SET status = 'edited', edited_chosen = ?1, edited_rejected = ?2, "
                 "updated_at = ?3 WHERE id = ?4");
    s.bind(1, chosen).bind(2, rejected).bind(3, utcNow()).bind(4, id);
    s.step();
    if (sqlite3_changes(m_db) != 1)
        throw StoreError("no preference pair with id " + std::to_string(id));
}

std::map<std::string, int> PreferenceStore::countByStatus(const std::string &run) const
{
    Stmt s(m_db, run.empty() ? "SELECT status, count(*) FROM preference_pairs GROUP BY status"
                             : "SELECT status, count(*) FROM preference_pairs WHERE run = ?1 GROUP BY status");
    if (!run.empty())
        s.bind(1, run);
    std::map<std::string, int> out;
    while (s.step())
        out[s.text(0)] = int(s.integer(0 + 1));
    return out;
}

} // namespace itool::store
