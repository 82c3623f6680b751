// The keys cheat sheet; see cheat_sheet.h.
#include "ui/cheat_sheet.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace itool::ui {

QList<QPair<QString, QString>> CheatSheet::entries()
{
    return {
        {QStringLiteral("A"), tr("Approve the current pair (an edited pair stays edited)")},
        {QStringLiteral("R"), tr("Reject the current pair")},
        {QStringLiteral("E"), tr("Edit either side; checked live by the parser and checker")},
        {QStringLiteral("S"), tr("Skip: leave as it is (logged) and go to the next pair")},
        {QStringLiteral("Shift+A / Shift+R"), tr("Approve / reject every pair the filter shows")},
        {QStringLiteral("Ctrl+Z / Ctrl+Shift+Z"), tr("Undo / redo (every decision and edit)")},
        {QStringLiteral("J / K"), tr("Next / previous pair")},
        {QStringLiteral("F1 or ?"), tr("This sheet")},
        {tr("Tree: wheel, Ctrl+= / Ctrl+-"), tr("Zoom in / out")},
        {tr("Tree: drag"), tr("Pan")},
        {tr("Tree: F"), tr("Fit the whole tree")},
        {tr("Tree: click, Ctrl+click"),
         tr("Node details; select a second sibling (B) to make a pair")},
    };
}

CheatSheet::CheatSheet(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Keys"));
    const auto rows = entries();
    auto *table = new QTableWidget(int(rows.size()), 2);
    table->setHorizontalHeaderLabels({tr("Key"), tr("Action")});
    for (int i = 0; i < rows.size(); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(rows[i].first));
        table->setItem(i, 1, new QTableWidgetItem(rows[i].second));
    }
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->resizeColumnsToContents();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(table);
    layout->addWidget(buttons);
    resize(560, 400);
}

} // namespace itool::ui
