#pragma once
// Problems found in input files (file, line, reason) as a table for the Issues dock.
#include "core/common/user_error.h"

#include <QAbstractTableModel>

#include <vector>

namespace itool::ui {

class IssueListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { File, Line, Message, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setIssues(std::vector<InputIssue> issues);
    const std::vector<InputIssue> &issues() const { return m_issues; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<InputIssue> m_issues;
};

} // namespace itool::ui
