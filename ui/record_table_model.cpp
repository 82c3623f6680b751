#include "ui/record_table_model.h"

#include "ui/theme.h"

#include <QBrush>
#include <QFont>

namespace itool::ui {

data::RecordColumn toRecordColumn(int column)
{
    switch (column) {
    case RecordTableModel::Line: return data::RecordColumn::Line;
    case RecordTableModel::Id: return data::RecordColumn::Id;
    case RecordTableModel::Category: return data::RecordColumn::Category;
    case RecordTableModel::Difficulty: return data::RecordColumn::Difficulty;
    case RecordTableModel::Domain: return data::RecordColumn::Domain;
    case RecordTableModel::Tools: return data::RecordColumn::Tools;
    case RecordTableModel::Calls: return data::RecordColumn::Calls;
    case RecordTableModel::ErrorType: return data::RecordColumn::ErrorType;
    default: return data::RecordColumn::Preview;
    }
}

RecordTableModel::RecordTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void RecordTableModel::setIndex(std::shared_ptr<data::RecordIndex> index)
{
    beginResetModel();
    m_index = std::move(index);
    m_rows.clear();
    if (m_index)
        m_rows = m_index->filter(m_filter);
    endResetModel();
    emit countsChanged();
}

void RecordTableModel::setFilter(const data::RecordFilter &filter)
{
    m_filter = filter;
    refilter();
}

void RecordTableModel::refilter()
{
    beginResetModel();
    m_rows = m_index ? m_index->filter(m_filter) : std::vector<std::uint32_t>{};
    if (m_index && m_sortColumn >= 0)
        m_index->sortRows(m_rows, toRecordColumn(m_sortColumn), m_sortOrder == Qt::AscendingOrder);
    endResetModel();
    emit countsChanged();
}

void RecordTableModel::rowsAppendedToIndex(std::size_t firstRow)
{
    if (!m_index || firstRow >= m_index->size())
        return;
    std::vector<std::uint32_t> added;
    if (m_filter.empty()) {
        for (std::size_t r = firstRow; r < m_index->size(); ++r)
            added.push_back(static_cast<std::uint32_t>(r));
    } else {
        for (std::uint32_t r : m_index->filter(m_filter))
            if (r >= firstRow)
                added.push_back(r);
    }
    if (!added.empty()) {
        // New rows go at the end; a sorted view is re-sorted when the index is complete.
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        m_rows.insert(m_rows.end(), added.begin(), added.end());
        endInsertRows();
    }
    if (m_sortColumn >= 0 && m_index->complete())
        sort(m_sortColumn, m_sortOrder);
    emit countsChanged();
}

void RecordTableModel::summariesChanged()
{
    if (!m_rows.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    emit countsChanged();
}

int RecordTableModel::viewRowOf(std::uint32_t indexRow) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i] == indexRow)
            return static_cast<int>(i);
    return -1;
}

int RecordTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RecordTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecordTableModel::data(const QModelIndex &idx, int role) const
{
    if (!idx.isValid() || !m_index || idx.row() < 0 || idx.row() >= rowCount() || idx.column() >= ColumnCount)
        return {};
    const std::size_t row = m_rows[static_cast<std::size_t>(idx.row())];
    auto text = [](std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); };
    if (role == IndexRowRole)
        return static_cast<qulonglong>(row);
    if (role == Qt::DisplayRole) {
        switch (idx.column()) {
        case Line: return static_cast<qlonglong>(m_index->line(row));
        case Id: return text(m_index->id(row));
        case Category: return text(data::toString(m_index->category(row)));
        case Difficulty: {
            const auto d = m_index->difficulty(row);
            QString s = d == data::Difficulty::Unset ? tr("unsplit") : text(data::toString(d));
            return m_index->difficultyByPerson(row) ? s + QStringLiteral(" \u270e") : s;
        }
        case Domain: return QString::fromStdString(m_index->domain(row));
        case Tools: {
            QStringList names;
            for (auto t : m_index->tools(row))
                names << text(t);
            return names.join(QStringLiteral(", "));
        }
        case Calls: return m_index->callCount(row);
        case ErrorType: {
            const auto e = m_index->errorType(row);
            return e.empty() ? tr("correct") : e == data::RecordFilter::kNoPrediction ? QString() : text(e);
        }
        case Question: return text(m_index->preview(row));
        }
    }
    if (role == Qt::ToolTipRole) {
        if (idx.column() == Difficulty && m_index->difficultyByPerson(row))
            return tr("Set by a person in the split board");
        if (idx.column() == Question || idx.column() == Tools)
            return data(idx, Qt::DisplayRole);
    }
    if (role == Qt::ForegroundRole) {
        if (idx.column() == Difficulty)
            return QBrush(theme::difficultyColor(m_index->difficulty(row)));
        if (idx.column() == ErrorType && m_index->hasPrediction(row))
            return QBrush(theme::errorColor(m_index->errorType(row)));
    }
    if (role == Qt::TextAlignmentRole && (idx.column() == Line || idx.column() == Calls))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RecordTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Line: return tr("Line");
    case Id: return tr("ID");
    case Category: return tr("Category");
    case Difficulty: return tr("Difficulty");
    case Domain: return tr("Domain");
    case Tools: return tr("Tools");
    case Calls: return tr("Calls");
    case ErrorType: return tr("Error type");
    case Question: return tr("Question");
    }
    return {};
}

void RecordTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount) {
        // No sort column: back to file order.
        if (m_sortColumn >= 0) {
            m_sortColumn = -1;
            refilter();
        }
        return;
    }
    m_sortColumn = column;
    m_sortOrder = order;
    if (!m_index)
        return;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<std::uint32_t> beforeRows;
    for (const QModelIndex &i : before)
        beforeRows.push_back(m_rows[static_cast<std::size_t>(i.row())]);
    m_index->sortRows(m_rows, toRecordColumn(column), order == Qt::AscendingOrder);
    if (!before.isEmpty()) {
        std::unordered_map<std::uint32_t, int> where;
        for (std::size_t i = 0; i < m_rows.size(); ++i)
            where[m_rows[i]] = static_cast<int>(i);
        QModelIndexList after;
        for (std::size_t k = 0; k < before.size(); ++k)
            after << index(where[beforeRows[k]], before[static_cast<qsizetype>(k)].column());
        changePersistentIndexList(before, after);
    }
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

} // namespace itool::ui
