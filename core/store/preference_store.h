#pragma once
// Preference pairs in the workspace database: the pairs each search round proposes, read
// back for training and for review, with a status a person sets (proposed / approved /
// rejected / edited; an edit keeps the original texts beside the edited ones). Lives in the
// same SQLite file as WorkspaceStore, with the same settings (WAL, foreign keys, synchronous
// FULL, one transaction per write) and its own row in the `schema_components` table
// (component "preferences", version kSchemaVersion), so the two stores migrate independently.
// What it is not: the workspace store (datasets, splits, audit: workspace_store.h).
#include "core/search/pair_extractor.h"
#include "core/store/workspace_store.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

struct sqlite3;

namespace itool::store {

struct StoredPair
{
    std::int64_t id = 0;
    std::string run; // the run folder's name (pairs of several runs share one database)
    search::PreferencePair pair;
    std::string editedChosen, editedRejected; // set when status is "edited"
    std::string updatedAt;
    // What training uses: the edited texts when edited, else the originals.
    std::string trainingChosen() const { return pair.status == "edited" ? editedChosen : pair.chosen; }
    std::string trainingRejected() const { return pair.status == "edited" ? editedRejected : pair.rejected; }
};

struct PairQuery
{
    std::string run;      // empty: every run
    int round = -1;       // -1: every round
    std::string status;   // empty: every status
    bool approvedOnly = false; // approved or edited only
    int limit = -1;
};

class PreferenceStore
{
public:
    static constexpr int kSchemaVersion = 1;
    explicit PreferenceStore(const std::string &path); // opens or creates; throws StoreError
    ~PreferenceStore();
    PreferenceStore(const PreferenceStore &) = delete;
    PreferenceStore &operator=(const PreferenceStore &) = delete;

    int schemaVersion() const;

    // Inserts in one transaction; a pair already stored for the same run, record, round and
    // tree node is left as it is (a resumed round does not duplicate or reset reviews).
    // Returns how many were new.
    int addPairs(const std::string &run, const std::vector<search::PreferencePair> &pairs);
    std::vector<StoredPair> pairs(const PairQuery &query = {}) const;
    // status: proposed / approved / rejected (throws StoreError for anything else or a bad id)
    void setStatus(std::int64_t id, const std::string &status);
    // Sets status "edited" with new texts.
    void editPair(std::int64_t id, const std::string &chosen, const std::string &rejected);
    std::map<std::string, int> countByStatus(const std::string &run = {}) const;

private:
    void exec(const char *sql) const;
    std::string m_path;
    sqlite3 *m_db = nullptr;
};

} // namespace itool::store
