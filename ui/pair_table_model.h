#pragma once
// The pair review queue: every stored preference pair as a table row (id, record, round,
// difficulty, status, gap, chosen, rejected, error type, origin), filtered by round,
// difficulty, error type and status. Decisions go through here so that the database is
// written first (PairCurationStore, one transaction each) and the rows follow.
// A decision does not re-filter: the row stays where it is until the filter changes.
// What it is not: the undo commands (pair_commands.h) or the widgets (pair_review_pane.h).
#include "core/data/record.h"
#include "core/store/pair_curation_store.h"

#include <QAbstractTableModel>

#include <unordered_map>

namespace itool::ui {

struct PairFilter
{
    int round = -1;     // -1: any
    QString difficulty; // "" any, else easy / medium / hard / unset
    QString errorType;  // "" any, "(none)" for pairs whose rejected side has no error
    QString status;     // "" any
    bool operator==(const PairFilter &) const = default;
};

class PairTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Id,
        Record,
        Round,
        Difficulty,
        Status,
        Gap,
        Chosen,
        Rejected,
        ErrorType,
        Origin,
        ColumnCount
    };

    explicit PairTableModel(QObject *parent = nullptr);

    // The store must outlive the model (or be replaced by setStore(nullptr) first).
    void setStore(store::PairCurationStore *store);
    store::PairCurationStore *store() const { return m_store; }
    void setRecords(std::unordered_map<std::string, data::Record> records);
    const data::Record *record(const std::string &id) const;
    void reload(); // re-reads every pair from the store

    void setFilter(const PairFilter &filter);
    const PairFilter &filter() const { return m_filter; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const store::StoredPair &pairAt(int row) const;
    int rowOfId(std::int64_t id) const; // -1 when filtered out or unknown
    std::vector<std::int64_t> visibleIds() const;
    int totalCount() const { return int(m_all.size()); }
    std::map<std::string, int> statusCounts() const;

    // Values for the filter boxes, from all pairs.
    QList<int> rounds() const;
    QStringList errorTypes() const;
    QString difficultyOf(const store::StoredPair &pair) const;
    static QString errorTypeOf(const store::StoredPair &pair);

    // Writes then updates rows; return the states before (for undo). Throw StoreError.
    std::vector<store::PairState> decide(const std::vector<std::int64_t> &ids,
                                         const std::string &action);
    store::PairState edit(std::int64_t id, const std::string &chosen, const std::string &rejected);
    void restore(const std::vector<std::int64_t> &ids, const std::vector<store::PairState> &states,
                 const std::string &action);
    std::int64_t addPersonPair(const std::string &run, const search::PreferencePair &pair);

signals:
    void pairsChanged(const std::vector<std::int64_t> &ids);

private:
    void refreshRows(const std::vector<std::int64_t> &ids);
    bool passes(const store::StoredPair &pair) const;
    void rebuildVisible();

    store::PairCurationStore *m_store = nullptr;
    std::unordered_map<std::string, data::Record> m_records;
    std::vector<store::StoredPair> m_all;
    std::unordered_map<std::int64_t, std::size_t> m_indexOfId; // into m_all
    std::unordered_map<std::int64_t, std::string> m_origin;
    std::vector<std::size_t> m_visible; // into m_all
    PairFilter m_filter;
};

} // namespace itool::ui
