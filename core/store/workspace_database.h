#pragma once
// Opening the workspace database the one way every store on it needs (WAL, full sync, foreign
// keys, a busy timeout so that two stores on the same file wait instead of failing), and
// running SQL with StoreError on failure.
#include <string>

struct sqlite3;

namespace itool::store {

// Opens or creates the database at path; throws StoreError naming the file.
sqlite3 *openWorkspaceDatabase(const std::string &path);

// Runs one or more statements; throws StoreError prefixed with context.
void execSql(sqlite3 *db, const char *sql, const std::string &context);

} // namespace itool::store
