#pragma once
// A prepared SQLite statement that finalizes itself, binds by 1-based index and turns SQLite
// failures into StoreError with the name of the store it belongs to. Shared by every store
// on the workspace database.
#include "core/store/workspace_store.h"

#include <sqlite3.h>

#include <concepts>
#include <cstdint>
#include <string>

namespace itool::store {

class SqliteStatement
{
public:
    // context names the store in error messages, e.g. "workspace database".
    SqliteStatement(sqlite3 *db, const std::string &sql, const char *context)
        : m_db(db)
        , m_context(context)
    {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK)
            throw StoreError(std::string(context) + ": cannot prepare statement: " + sqlite3_errmsg(db));
    }
    ~SqliteStatement() { sqlite3_finalize(m_stmt); }
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    SqliteStatement &bind(int i, const std::string &text)
    {
        sqlite3_bind_text(m_stmt, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        return *this;
    }
    template<std::integral Int>
    SqliteStatement &bind(int i, Int value)
    {
        sqlite3_bind_int64(m_stmt, i, static_cast<std::int64_t>(value));
        return *this;
    }
    template<std::floating_point Real>
    SqliteStatement &bind(int i, Real value)
    {
        sqlite3_bind_double(m_stmt, i, static_cast<double>(value));
        return *this;
    }
    SqliteStatement &bindNull(int i)
    {
        sqlite3_bind_null(m_stmt, i);
        return *this;
    }
    // true while a row is available
    bool step()
    {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW)
            return true;
        if (rc == SQLITE_DONE)
            return false;
        throw StoreError(std::string(m_context) + ": " + sqlite3_errmsg(m_db));
    }
    // Executes a statement that returns no rows and makes it ready for the next bindings.
    void run()
    {
        step();
        reset();
    }
    void reset()
    {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    std::string text(int column) const
    {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string();
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
    double real(int column) const { return sqlite3_column_double(m_stmt, column); }

private:
    sqlite3 *m_db;
    const char *m_context;
    sqlite3_stmt *m_stmt = nullptr;
};

} // namespace itool::store
