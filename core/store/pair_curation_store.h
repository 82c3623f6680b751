#pragma once
// A person's review of preference pairs: approve, reject, edit either side, skip, and the
// undo/redo of each, every one a single SQLite transaction in the workspace database that
// also appends an audit row (what, when, the pair's state before and after). Person-made
// pairs (two siblings picked in a tree) are stored here too, marked with their origin.
// Builds on PreferenceStore's `preference_pairs` table (same file, WAL, synchronous FULL);
// its own tables are `pair_audit` and `pair_origin`, versioned by the row ("curation", 1)
// of `schema_components`.
// What it is not: the pair extraction (core/search) or the exports (pair_exporter.h).
#include "core/store/preference_store.h"

#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;

namespace itool::store {

// The reviewable part of a pair; what an undo puts back.
struct PairState
{
    std::string status; // proposed / approved / rejected / edited
    std::string editedChosen, editedRejected;
    bool operator==(const PairState &) const = default;
    Json toJson() const;
    static PairState fromJson(const Json &json);
};

struct PairAuditEntry
{
    std::int64_t id = 0;
    std::string at;
    std::int64_t pairId = 0;
    std::string action;        // approve, reject, edit, skip, undo, redo, person-pair
    std::string before, after; // PairState JSON (empty for skip's after / a new pair's before)
};

class PairCurationStore
{
public:
    static constexpr int kSchemaVersion = 1;
    explicit PairCurationStore(const std::string &path); // opens or creates; throws StoreError
    ~PairCurationStore();
    PairCurationStore(const PairCurationStore &) = delete;
    PairCurationStore &operator=(const PairCurationStore &) = delete;

    const std::string &path() const { return m_path; }
    int schemaVersion() const;
    std::string integrityCheck() const; // "ok" when SQLite's check passes

    std::vector<StoredPair> pairs(const PairQuery &query = {}) const;
    StoredPair pair(std::int64_t id) const; // throws StoreError for an unknown id
    PairState state(std::int64_t id) const;

    // Each returns the state before the decision. Approving an edited pair keeps the edit
    // (an edited pair already counts as approved); reject keeps edited texts for an undo.
    PairState approve(std::int64_t id);
    PairState reject(std::int64_t id);
    PairState edit(std::int64_t id, const std::string &chosen, const std::string &rejected);
    PairState skip(std::int64_t id); // audited only: the pair stays as it is
    // Bulk: one transaction for all ids; action is approve, reject or skip.
    std::vector<PairState> decideMany(const std::vector<std::int64_t> &ids,
                                      const std::string &action);
    // Puts states back (undo / redo of any decision), one transaction, one audit row each.
    void restore(const std::vector<std::int64_t> &ids, const std::vector<PairState> &states,
                 const std::string &action);

    // A pair a person made from two siblings. The table keeps one pair per run, record,
    // round and parent node, so person-made pairs live under run "<run>/person" and a second
    // one on the same parent replaces the first (audited). Starts approved. Returns its id.
    std::int64_t addPersonPair(const std::string &run, const search::PreferencePair &pair);
    std::string origin(std::int64_t id) const; // "search" or "person"

    std::vector<PairAuditEntry> audit(std::int64_t pairId = 0,
                                      int limit = 1000) const; // newest first
    std::int64_t auditCount() const;

private:
    class Transaction;
    PairState decideInTransaction(std::int64_t id, const std::string &action);
    void writeState(std::int64_t id, const PairState &state);
    void appendAudit(std::int64_t pairId, const std::string &action, const std::string &before,
                     const std::string &after);
    void exec(const char *sql) const;

    std::string m_path;
    sqlite3 *m_db = nullptr;
};

} // namespace itool::store
