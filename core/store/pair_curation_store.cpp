// Pair review decisions with an audit log; see pair_curation_store.h.
#include "core/store/pair_curation_store.h"

#include "core/store/sqlite_statement.h"
#include "core/store/workspace_database.h"

#include <sqlite3.h>

#include <memory>

namespace itool::store {

namespace {

struct Stmt : SqliteStatement
{
    Stmt(sqlite3 *db, const std::string &sql) : SqliteStatement(db, sql, "pair curation") {}
};

const char *const kSchemaV1 = R"SQL(
CREATE TABLE IF NOT EXISTS pair_audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  pair_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pair_audit_pair ON pair_audit(pair_id);
CREATE TABLE IF NOT EXISTS pair_origin (
  pair_id INTEGER PRIMARY KEY,
  origin TEXT NOT NULL CHECK (origin IN ('search', 'person')),
  created_at TEXT NOT NULL
);
)SQL";

} // namespace

Json PairState::toJson() const
{
    Json j{{"status", status}};
    if (!editedChosen.empty() || !editedRejected.empty()) {
        j["edited_chosen"] = editedChosen;
        j["edited_rejected"] = editedRejected;
    }
    return j;
}

PairState PairState::fromJson(const Json &json)
{
    PairState s;
    s.status = json.value("status", std::string());
    s.editedChosen = json.value("edited_chosen", std::string());
    s.editedRejected = json.value("edited_rejected", std::string());
    return s;
}

// BEGIN IMMEDIATE .. COMMIT, rolled back when an exception leaves the scope.
class PairCurationStore::Transaction
{
public:
    explicit Transaction(PairCurationStore &store)
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
    PairCurationStore &m_store;
    bool m_done = false;
};

PairCurationStore::PairCurationStore(const std::string &path)
    : m_path(path)
{
    {
        PreferenceStore prefs(path); // creates or migrates the pairs table first
    }
    m_db = openWorkspaceDatabase(path);
    try {
        const int version = schemaVersion();
        if (version > kSchemaVersion)
            throw StoreError(path + ": pair curation tables have schema version "
                             + std::to_string(version) + ", newer than this program's "
                             + std::to_string(kSchemaVersion));
        if (version < 1) {
            Transaction t(*this);
            exec(kSchemaV1);
            exec("INSERT OR REPLACE INTO schema_components(name, version) VALUES ('curation', 1)");
            t.commit();
        }
    } catch (...) {
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
}

PairCurationStore::~PairCurationStore()
{
    sqlite3_close(m_db);
}

void PairCurationStore::exec(const char *sql) const
{
    execSql(m_db, sql, m_path);
}

int PairCurationStore::schemaVersion() const
{
    Stmt s(m_db, "SELECT version FROM schema_components WHERE name = 'curation'");
    return s.step() ? int(s.integer(0)) : 0;
}

std::string PairCurationStore::integrityCheck() const
{
    Stmt s(m_db, "PRAGMA integrity_check");
    std::string out;
    while (s.step())
        out += (out.empty() ? "" : "\n") + s.text(0);
    return out;
}

std::vector<StoredPair> PairCurationStore::pairs(const PairQuery &query) const
{
    PreferenceStore prefs(m_path);
    return prefs.pairs(query);
}

StoredPair PairCurationStore::pair(std::int64_t id) const
{
    for (StoredPair &p : pairs())
        if (p.id == id)
            return std::move(p);
    throw StoreError("no preference pair with id " + std::to_string(id));
}

PairState PairCurationStore::state(std::int64_t id) const
{
    Stmt s(m_db,
           "SELECT status, edited_chosen, edited_rejected FROM preference_pairs WHERE id = ?1");
    s.bind(1, id);
    if (!s.step())
        throw StoreError("no preference pair with id " + std::to_string(id));
    return PairState{s.text(0), s.text(1), s.text(2)};
}

void PairCurationStore::writeState(std::int64_t id, const PairState &st)
{
    if (st.status != "proposed" && st.status != "approved" && st.status != "rejected"
        && st.status != "edited")
        throw StoreError("pair status must be proposed, approved, rejected or edited, not \""
                         + st.status + "\"");
    Stmt s(m_db,
           "UPDATE preference_pairs SET status = ?1, edited_chosen = ?2, edited_rejected = ?3, "
           "updated_at = ?4 WHERE id = ?5");
    s.bind(1, st.status)
        .bind(2, st.editedChosen)
        .bind(3, st.editedRejected)
        .bind(4, utcNow())
        .bind(5, id);
    s.step();
    if (sqlite3_changes(m_db) != 1)
        throw StoreError("no preference pair with id " + std::to_string(id));
}

void PairCurationStore::appendAudit(std::int64_t pairId, const std::string &action,
                                    const std::string &before, const std::string &after)
{
    Stmt s(
        m_db,
        "INSERT INTO pair_audit (at, pair_id, action, before, after) VALUES (?1, ?2, ?3, ?4, ?5)");
    s.bind(1, utcNow()).bind(2, pairId).bind(3, action).bind(4, before).bind(5, after);
    s.step();
}

PairState PairCurationStore::decideInTransaction(std::int64_t id, const std::string &action)
{
    const PairState before = state(id);
    PairState after = before;
    if (action == "approve") {
        if (before.status != "edited")
            after.status = "approved";
    } else if (action == "reject") {
        after.status = "rejected";
    } else if (action != "skip") {
        throw StoreError("pair decision must be approve, reject or skip, not \"" + action + "\"");
    }
    if (action != "skip")
        writeState(id, after);
    appendAudit(id, action, before.toJson().dump(),
                action == "skip" ? std::string() : after.toJson().dump());
    return before;
}

PairState PairCurationStore::approve(std::int64_t id)
{
    return decideMany({id}, "approve").front();
}

PairState PairCurationStore::reject(std::int64_t id)
{
    return decideMany({id}, "reject").front();
}

PairState PairCurationStore::skip(std::int64_t id)
{
    return decideMany({id}, "skip").front();
}

std::vector<PairState> PairCurationStore::decideMany(const std::vector<std::int64_t> &ids,
                                                     const std::string &action)
{
    Transaction t(*this);
    std::vector<PairState> before;
    before.reserve(ids.size());
    for (std::int64_t id : ids)
        before.push_back(decideInTransaction(id, action));
    t.commit();
    return before;
}

PairState PairCurationStore::edit(std::int64_t id, const std::string &chosen,
                                  const std::string &rejected)
{
    Transaction t(*this);
    const PairState before = state(id);
    const PairState after{"edited", chosen, rejected};
    writeState(id, after);
    appendAudit(id, "edit", before.toJson().dump(), after.toJson().dump());
    t.commit();
    return before;
}

void PairCurationStore::restore(const std::vector<std::int64_t> &ids,
                                const std::vector<PairState> &states, const std::string &action)
{
    if (ids.size() != states.size())
        throw StoreError("restore: " + std::to_string(ids.size()) + " pairs but "
                         + std::to_string(states.size()) + " states");
    Transaction t(*this);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const PairState before = state(ids[i]);
        writeState(ids[i], states[i]);
        appendAudit(ids[i], action, before.toJson().dump(), states[i].toJson().dump());
    }
    t.commit();
}

std::int64_t PairCurationStore::addPersonPair(const std::string &run,
                                              const search::PreferencePair &p)
{
    Transaction t(*this);
    const std::string personRun = run + "/person";
    const std::string now = utcNow();
    std::string before;
    {
        Stmt old(m_db, "SELECT id, chosen_node, rejected_node FROM preference_pairs WHERE run = ?1 "
                       "AND record_id = ?2 "
                       "AND round = ?3 AND parent_node = ?4");
        old.bind(1, personRun)
            .bind(2, p.recordId)
            .bind(3, std::int64_t(p.round))
            .bind(4, std::int64_t(p.parentNode));
        if (old.step())
            before = Json{{"replaced_pair", old.integer(0)},
                          {"chosen_node", old.integer(1)},
                          {"rejected_node", old.integer(2)}}
                         .dump();
    }
    Stmt s(m_db,
           "INSERT INTO preference_pairs (run, record_id, round, parent_node, chosen_node, "
           "rejected_node, "
           "prompt, prefix, chosen, rejected, chosen_value, rejected_value, chosen_visits, "
           "rejected_visits, "
           "rejected_errors, status, created_at, updated_at) VALUES "
           "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,"
           "?13,?14,?15,'approved',?16,?16) ON CONFLICT (run, record_id, round, parent_node) DO "
           "UPDATE SET "
           "chosen_node = excluded.chosen_node, rejected_node = excluded.rejected_node, chosen = "
           "excluded.chosen, "
           "rejected = excluded.rejected, prompt = excluded.prompt, prefix = excluded.prefix, "
           "chosen_value = excluded.chosen_value, rejected_value = excluded.rejected_value, "
           "chosen_visits = excluded.chosen_visits, rejected_visits = excluded.rejected_visits, "
           "rejected_errors = excluded.rejected_errors, status = 'approved', edited_chosen = '', "
           "edited_rejected = '', updated_at = excluded.updated_at");
    s.bind(1, personRun)
        .bind(2, p.recordId)
        .bind(3, std::int64_t(p.round))
        .bind(4, std::int64_t(p.parentNode));
    s.bind(5, std::int64_t(p.chosenNode))
        .bind(6, std::int64_t(p.rejectedNode))
        .bind(7, p.prompt)
        .bind(8, p.prefix);
    s.bind(9, p.chosen).bind(10, p.rejected).bind(11, p.chosenValue).bind(12, p.rejectedValue);
    s.bind(13, std::int64_t(p.chosenVisits)).bind(14, std::int64_t(p.rejectedVisits));
    s.bind(15, p.rejectedErrors.dump()).bind(16, now);
    s.step();
    std::int64_t id = 0;
    {
        Stmt q(
            m_db,
            "SELECT id FROM preference_pairs WHERE run = ?1 AND record_id = ?2 AND round = ?3 AND "
            "parent_node = ?4");
        q.bind(1, personRun)
            .bind(2, p.recordId)
            .bind(3, std::int64_t(p.round))
            .bind(4, std::int64_t(p.parentNode));
        q.step();
        id = q.integer(0);
    }
    Stmt o(m_db, "INSERT OR REPLACE INTO pair_origin (pair_id, origin, created_at) VALUES (?1, "
                 "'person', ?2)");
    o.bind(1, id).bind(2, now);
    o.step();
    Json after = search::pairToJson(p);
    after["status"] = "approved";
    appendAudit(id, "person-pair", before, after.dump());
    t.commit();
    return id;
}

std::string PairCurationStore::origin(std::int64_t id) const
{
    Stmt s(m_db, "SELECT origin FROM pair_origin WHERE pair_id = ?1");
    s.bind(1, id);
    return s.step() ? s.text(0) : std::string("search");
}

std::vector<PairAuditEntry> PairCurationStore::audit(std::int64_t pairId, int limit) const
{
    Stmt s(m_db,
           pairId
               ? "SELECT id, at, pair_id, action, before, after FROM pair_audit WHERE pair_id = ?1 "
                 "ORDER BY id DESC LIMIT ?2"
               : "SELECT id, at, pair_id, action, before, after FROM pair_audit ORDER BY id DESC "
                 "LIMIT ?2");
    if (pairId)
        s.bind(1, pairId);
    s.bind(2, std::int64_t(limit));
    std::vector<PairAuditEntry> out;
    while (s.step())
        out.push_back(
            PairAuditEntry{s.integer(0), s.text(1), s.integer(2), s.text(3), s.text(4), s.text(5)});
    return out;
}

std::int64_t PairCurationStore::auditCount() const
{
    Stmt s(m_db, "SELECT count(*) FROM pair_audit");
    s.step();
    return s.integer(0);
}

} // namespace itool::store
