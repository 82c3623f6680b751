#pragma once
// The dataset table: a QAbstractTableModel over a RecordIndex's summary columns. It holds
// only a vector of row numbers (the filtered, sorted view), never an object per cell, so
// 100,000+ records cost a few hundred kilobytes here. Rows are appended while the index is
// still being built.
#include "core/data/record_index.h"

#include <QAbstractTableModel>

#include <memory>

namespace itool::ui {

class RecordTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Line, Id, Category, Difficulty, Domain, Tools, Calls, ErrorType, Question, ColumnCount };
    enum Role { IndexRowRole = Qt::UserRole + 1 };

    explicit RecordTableModel(QObject *parent = nullptr);

    void setIndex(std::shared_ptr<data::RecordIndex> index);
    const std::shared_ptr<data::RecordIndex> &recordIndex() const { return m_index; }
    void setFilter(const data::RecordFilter &filter);
    const data::RecordFilter &filter() const { return m_filter; }
    // The index grew (called after RecordIndex::appendChunk).
    void rowsAppendedToIndex(std::size_t firstRow);
    // Difficulties or error types changed: repaint, keep rows (a refilter would lose the place).
    void summariesChanged();
    void refilter();

    std::uint32_t indexRow(int viewRow) const { return m_rows[static_cast<std::size_t>(viewRow)]; }
    int viewRowOf(std::uint32_t indexRow) const; // -1 when filtered out
    const std::vector<std::uint32_t> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

signals:
    void countsChanged();

private:
    std::shared_ptr<data::RecordIndex> m_index;
    data::RecordFilter m_filter;
    std::vector<std::uint32_t> m_rows;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

data::RecordColumn toRecordColumn(int column);

} // namespace itool::ui
