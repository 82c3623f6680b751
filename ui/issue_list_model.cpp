#include "ui/issue_list_model.h"

namespace itool::ui {

void IssueListModel::setIssues(std::vector<InputIssue> issues)
{
    beginResetModel();
    m_issues = std::move(issues);
    endResetModel();
}

int IssueListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_issues.size());
}

int IssueListModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant IssueListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const InputIssue &issue = m_issues[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case File: return QString::fromStdString(issue.file);
        case Line: return issue.line > 0 ? QVariant(static_cast<qlonglong>(issue.line)) : QVariant();
        case Message: return QString::fromStdString(issue.message);
        }
    }
    if (role == Qt::ToolTipRole)
        return QString::fromStdString(issue.toString());
    return {};
}

QVariant IssueListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case File: return tr("File");
    case Line: return tr("Line");
    case Message: return tr("Problem");
    }
    return {};
}

} // namespace itool::ui
