#include "ui/split_column_model.h"

#include "ui/theme.h"

#include <QDataStream>
#include <QFont>
#include <QIODevice>
#include <QMimeData>

#include <map>

namespace itool::ui {

SplitColumnModel::SplitColumnModel(data::Difficulty level, QObject *parent)
    : QAbstractListModel(parent)
    , m_level(level)
{}

void SplitColumnModel::setIndex(std::shared_ptr<data::RecordIndex> index)
{
    m_index = std::move(index);
    refresh();
}

void SplitColumnModel::refresh()
{
    beginResetModel();
    m_rows.clear();
    if (m_index) {
        data::RecordFilter f;
        f.difficulty = m_level;
        m_rows = m_index->filter(f);
    }
    endResetModel();
}

std::vector<std::pair<std::string, std::size_t>> SplitColumnModel::errorMix() const
{
    std::map<std::string, std::size_t> counts;
    if (m_index)
        for (std::uint32_t r : m_rows)
            if (m_index->hasPrediction(r))
                ++counts[std::string(m_index->errorType(r))];
    std::vector<std::pair<std::string, std::size_t>> out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    return out;
}

int SplitColumnModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant SplitColumnModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_index || index.row() >= rowCount())
        return {};
    const std::uint32_t row = m_rows[static_cast<std::size_t>(index.row())];
    if (role == IndexRowRole)
        return static_cast<qulonglong>(row);
    if (role == Qt::DisplayRole) {
        const auto id = m_index->id(row);
        const auto preview = m_index->preview(row);
        QString text = QString::fromUtf8(id.data(), static_cast<qsizetype>(id.size()));
        if (m_index->difficultyByPerson(row))
            text += QStringLiteral(" \u270e");
        text += QStringLiteral("  ") + QString::fromUtf8(preview.data(), static_cast<qsizetype>(preview.size()));
        return text;
    }
    if (role == Qt::ToolTipRole) {
        QString tip = QString::fromUtf8(m_index->preview(row).data(), static_cast<qsizetype>(m_index->preview(row).size()));
        if (m_index->hasPrediction(row)) {
            const auto e = m_index->errorType(row);
            tip += QStringLiteral("\n") + (e.empty() ? tr("prediction correct") : QString::fromUtf8(e.data(), e.size()));
        }
        if (m_index->difficultyByPerson(row))
            tip += tr("\nplaced here by a person");
        return tip;
    }
    if (role == Qt::DecorationRole && m_index->hasPrediction(row))
        return theme::errorColor(m_index->errorType(row));
    return {};
}

Qt::ItemFlags SplitColumnModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index) | Qt::ItemIsDropEnabled;
    return index.isValid() ? base | Qt::ItemIsDragEnabled : base;
}

QStringList SplitColumnModel::mimeTypes() const { return {QString::fromLatin1(kMimeType)}; }

QMimeData *SplitColumnModel::mimeData(const QModelIndexList &indexes) const
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    for (const QModelIndex &i : indexes)
        if (i.isValid() && i.row() < rowCount())
            out << static_cast<quint32>(m_rows[static_cast<std::size_t>(i.row())]);
    auto *mime = new QMimeData;
    mime->setData(QString::fromLatin1(kMimeType), bytes);
    return mime;
}

bool SplitColumnModel::canDropMimeData(const QMimeData *data, Qt::DropAction, int, int, const QModelIndex &) const
{
    return data && data->hasFormat(QString::fromLatin1(kMimeType));
}

bool SplitColumnModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                    const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    QByteArray bytes = data->data(QString::fromLatin1(kMimeType));
    QDataStream in(&bytes, QIODevice::ReadOnly);
    std::vector<std::uint32_t> rows;
    while (!in.atEnd()) {
        quint32 r = 0;
        in >> r;
        rows.push_back(r);
    }
    if (!rows.empty())
        emit moveRequested(rows, m_level);
    // The move happens through the undo stack; the source must not remove rows itself.
    return false;
}

} // namespace itool::ui
