// itool-workbench: the desktop GUI. main() and argument parsing only.
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName("iTool Workbench");
    QApplication::setOrganizationName("iTool");
    QApplication::setApplicationVersion(ITOOL_VERSION);

    QCommandLineParser parser;
    parser.setApplicationDescription("iTool Workbench: curate tool-use data and train tool-calling models.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    itool::ui::MainWindow window;
    window.show();
    return app.exec();
}
