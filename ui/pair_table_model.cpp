// The pair review queue model; see pair_table_model.h.
#include "ui/pair_table_model.h"

#include "ui/theme.h"

#include <QBrush>

#include <set>

namespace itool::ui {

PairTableModel::PairTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PairTableModel::setStore(store::PairCurationStore *store)
{
    m_store = store;
    reload();
}

void PairTableModel::setRecords(std::unordered_map<std::string, data::Record> records)
{
    beginResetModel();
    m_records = std::move(records);
    m_visible.clear();
    for (std::size_t i = 0; i < m_all.size(); ++i)
        if (passes(m_all[i]))
            m_visible.push_back(i);
    endResetModel();
}

const data::Record *PairTableModel::record(const std::string &id) const
{
    const auto it = m_records.find(id);
    return it == m_records.end() ? nullptr : &it->second;
}

void PairTableModel::reload()
{
    beginResetModel();
    m_all.clear();
    m_indexOfId.clear();
    m_origin.clear();
    if (m_store) {
        m_all = m_store->pairs();
        for (std::size_t i = 0; i < m_all.size(); ++i) {
            m_indexOfId[m_all[i].id] = i;
            m_origin[m_all[i].id] = m_store->origin(m_all[i].id);
        }
    }
    m_visible.clear();
    for (std::size_t i = 0; i < m_all.size(); ++i)
        if (passes(m_all[i]))
            m_visible.push_back(i);
    endResetModel();
}

void PairTableModel::setFilter(const PairFilter &filter)
{
    if (filter == m_filter)
        return;
    beginResetModel();
    m_filter = filter;
    m_visible.clear();
    for (std::size_t i = 0; i < m_all.size(); ++i)
        if (passes(m_all[i]))
            m_visible.push_back(i);
    endResetModel();
}

QString PairTableModel::errorTypeOf(const store::StoredPair &p)
{
    const Json &e = p.pair.rejectedErrors;
    if (!e.is_array() || e.empty() || !e[0].is_object())
        return QStringLiteral("(none)");
    return QString::fromStdString(e[0].value("kind", std::string("?")));
}

QString PairTableModel::difficultyOf(const store::StoredPair &p) const
{
    const data::Record *r = record(p.pair.recordId);
    return r ? QString::fromUtf8(data::toString(r->difficulty)) : QString();
}

bool PairTableModel::passes(const store::StoredPair &p) const
{
    if (m_filter.round >= 0 && p.pair.round != m_filter.round)
        return false;
    if (!m_filter.status.isEmpty() && QString::fromStdString(p.pair.status) != m_filter.status)
        return false;
    if (!m_filter.errorType.isEmpty() && errorTypeOf(p) != m_filter.errorType)
        return false;
    if (!m_filter.difficulty.isEmpty() && difficultyOf(p) != m_filter.difficulty)
        return false;
    return true;
}

int PairTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int PairTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PairTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id:
        return tr("Id");
    case Record:
        return tr("Record");
    case Round:
        return tr("Round");
    case Difficulty:
        return tr("Difficulty");
    case Status:
        return tr("Status");
    case Gap:
        return tr("Gap");
    case Chosen:
        return tr("Chosen");
    case Rejected:
        return tr("Rejected");
    case ErrorType:
        return tr("Rejected error");
    case Origin:
        return tr("Origin");
    default:
        return {};
    }
}

QVariant PairTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() < 0 || index.row() >= rowCount() || index.column() < 0
        || index.column() >= ColumnCount)
        return {};
    const store::StoredPair &p = m_all[m_visible[std::size_t(index.row())]];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Id:
            return QVariant::fromValue<qlonglong>(p.id);
        case Record:
            return QString::fromStdString(p.pair.recordId);
        case Round:
            return p.pair.round;
        case Difficulty:
            return difficultyOf(p);
        case Status:
            return QString::fromStdString(p.pair.status);
        case Gap:
            return role == Qt::DisplayRole ? QVariant(QString::number(p.pair.gap(), 'f', 2))
                                           : QVariant(p.pair.gap());
        case Chosen:
            return QString::fromStdString(p.trainingChosen());
        case Rejected:
            return QString::fromStdString(p.trainingRejected());
        case ErrorType:
            return errorTypeOf(p);
        case Origin: {
            const auto it = m_origin.find(p.id);
            return it == m_origin.end() ? QStringLiteral("search")
                                        : QString::fromStdString(it->second);
        }
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Status) {
        if (p.pair.status == "approved")
            return QBrush(QColor(20, 120, 40));
        if (p.pair.status == "rejected")
            return QBrush(QColor(180, 30, 30));
        if (p.pair.status == "edited")
            return QBrush(QColor(30, 80, 200));
    }
    if (role == Qt::BackgroundRole && index.column() == ErrorType && !p.pair.rejectedErrors.empty())
        return QBrush(theme::errorBackground(errorTypeOf(p).toStdString()));
    if (role == Qt::TextAlignmentRole
        && (index.column() == Id || index.column() == Round || index.column() == Gap))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

const store::StoredPair &PairTableModel::pairAt(int row) const
{
    return m_all.at(m_visible.at(std::size_t(row)));
}

int PairTableModel::rowOfId(std::int64_t id) const
{
    const auto it = m_indexOfId.find(id);
    if (it == m_indexOfId.end())
        return -1;
    const auto pos = std::lower_bound(m_visible.begin(), m_visible.end(), it->second);
    return pos != m_visible.end() && *pos == it->second ? int(pos - m_visible.begin()) : -1;
}

std::vector<std::int64_t> PairTableModel::visibleIds() const
{
    std::vector<std::int64_t> out;
    out.reserve(m_visible.size());
    for (std::size_t i : m_visible)
        out.push_back(m_all[i].id);
    return out;
}

std::map<std::string, int> PairTableModel::statusCounts() const
{
    std::map<std::string, int> out;
    for (const auto &p : m_all)
        ++out[p.pair.status];
    return out;
}

QList<int> PairTableModel::rounds() const
{
    std::set<int> s;
    for (const auto &p : m_all)
        s.insert(p.pair.round);
    return QList<int>(s.begin(), s.end());
}

QStringList PairTableModel::errorTypes() const
{
    std::set<QString> s;
    for (const auto &p : m_all)
        s.insert(errorTypeOf(p));
    return QStringList(s.begin(), s.end());
}

void PairTableModel::refreshRows(const std::vector<std::int64_t> &ids)
{
    for (std::int64_t id : ids) {
        const auto it = m_indexOfId.find(id);
        if (it == m_indexOfId.end())
            continue;
        const store::PairState st = m_store->state(id);
        auto &p = m_all[it->second];
        p.pair.status = st.status;
        p.editedChosen = st.editedChosen;
        p.editedRejected = st.editedRejected;
        const int row = rowOfId(id);
        if (row >= 0)
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    emit pairsChanged(ids);
}

std::vector<store::PairState> PairTableModel::decide(const std::vector<std::int64_t> &ids,
                                                     const std::string &action)
{
    auto before = m_store->decideMany(ids, action);
    refreshRows(ids);
    return before;
}

store::PairState PairTableModel::edit(std::int64_t id, const std::string &chosen,
                                      const std::string &rejected)
{
    auto before = m_store->edit(id, chosen, rejected);
    refreshRows({id});
    return before;
}

void PairTableModel::restore(const std::vector<std::int64_t> &ids,
                             const std::vector<store::PairState> &states, const std::string &action)
{
    m_store->restore(ids, states, action);
    refreshRows(ids);
}

std::int64_t PairTableModel::addPersonPair(const std::string &run,
                                           const search::PreferencePair &pair)
{
    const std::int64_t id = m_store->addPersonPair(run, pair);
    reload();
    return id;
}

} // namespace itool::ui
