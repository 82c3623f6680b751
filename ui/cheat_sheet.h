#pragma once
// The keys of the pair review and tree panes in one small window (F1 or ?).
#include <QDialog>

namespace itool::ui {

class CheatSheet : public QDialog
{
    Q_OBJECT
public:
    explicit CheatSheet(QWidget *parent = nullptr);
    // {key, what it does}, in the order shown.
    static QList<QPair<QString, QString>> entries();
};

} // namespace itool::ui
