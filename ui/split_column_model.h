#pragma once
// One column of the split board: the records currently at one difficulty, as a list model
// over index rows (id and question). Drags carry index rows; a drop asks for a move, which
// the board turns into an undoable command (the model never writes the split itself).
#include "core/data/record_index.h"

#include <QAbstractListModel>

#include <memory>

namespace itool::ui {

class SplitColumnModel : public QAbstractListModel
{
    Q_OBJECT
public:
    static constexpr const char *kMimeType = "application/x-itool-record-rows";
    enum Role { IndexRowRole = Qt::UserRole + 1 };

    SplitColumnModel(data::Difficulty level, QObject *parent = nullptr);
    data::Difficulty level() const { return m_level; }
    void setIndex(std::shared_ptr<data::RecordIndex> index);
    // Re-reads which rows are at this level (after moves or while indexing).
    void refresh();
    const std::vector<std::uint32_t> &rows() const { return m_rows; }
    // Error type -> count among this column's records (only rows with a prediction).
    std::vector<std::pair<std::string, std::size_t>> errorMix() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    Qt::DropActions supportedDragActions() const override { return Qt::MoveAction; }

signals:
    void moveRequested(const std::vector<std::uint32_t> &rows, itool::data::Difficulty target);

private:
    data::Difficulty m_level;
    std::shared_ptr<data::RecordIndex> m_index;
    std::vector<std::uint32_t> m_rows;
};

} // namespace itool::ui
