#include "ui/main_window.h"

#include <QLabel>

namespace itool::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("iTool Workbench"));
    auto *placeholder = new QLabel(tr("iTool Workbench"), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    resize(1400, 900);
}

} // namespace itool::ui
