#pragma once
// The workbench's main window: hosts the panes as docks. (Grown by the GUI issues.)
#include <QMainWindow>

namespace itool::ui {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace itool::ui
