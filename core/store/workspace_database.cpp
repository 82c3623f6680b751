#include "core/store/workspace_database.h"

#include "core/store/workspace_store.h"

#include <sqlite3.h>

namespace itool::store {

sqlite3 *openWorkspaceDatabase(const std::string &path)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr)
        != SQLITE_OK) {
        const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw StoreError(path + ": cannot open the workspace database (" + message + ")");
    }
    try {
        sqlite3_busy_timeout(db, 5000);
        execSql(db, "PRAGMA journal_mode=WAL", path);
        execSql(db, "PRAGMA synchronous=FULL", path);
        execSql(db, "PRAGMA foreign_keys=ON", path);
    } catch (...) {
        sqlite3_close(db);
        throw;
    }
    return db;
}

void execSql(sqlite3 *db, const char *sql, const std::string &context)
{
    char *error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errmsg(db);
        sqlite3_free(error);
        throw StoreError(context + ": " + message);
    }
}

} // namespace itool::store
