// itool-workbench: the desktop GUI. main() and argument parsing only.
#include "ui/dataset_pane.h"
#include "ui/job_manager.h"
#include "ui/main_window.h"
#include "ui/record_table_model.h"
#include "ui/setting.h"
#include "ui/workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QTableView>
#include <QTimer>

#include <cstdio>

namespace {

// The record to show in screenshots: the first with a wrong prediction, else the first.
void pickShowcaseRecord(itool::ui::MainWindow &window)
{
    auto *ws = window.workspace();
    if (!ws || !ws->index() || ws->index()->size() == 0)
        return;
    const auto &index = *ws->index();
    std::uint32_t pick = 0;
    for (std::size_t row = 0; row < index.size(); ++row) {
        if (index.hasPrediction(row) && !index.errorType(row).empty() && index.callCount(row) > 1) {
            pick = static_cast<std::uint32_t>(row);
            break;
        }
    }
    window.datasetPane()->selectIndexRow(pick);
}

} // namespace

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
    QCommandLineOption workspaceOption("workspace", "Open (or create) the workspace folder DIR.", "DIR");
    QCommandLineOption demoOption("demo-data",
                                  "Import FILE into the workspace when it holds no dataset yet.", "FILE");
    QCommandLineOption predictionsOption("predictions",
                                         "Attach a predictions file (lines {\"id\",\"result\"}) to the dataset.", "FILE");
    QCommandLineOption screenshotOption("screenshot-dir",
                                        "Save one PNG per pane into OUT once everything is loaded, then exit.", "OUT");
    parser.addOptions({workspaceOption, demoOption, predictionsOption, screenshotOption});
    parser.process(app);

    itool::ui::MainWindow window;
    QString dir = parser.value(workspaceOption);
    if (dir.isEmpty())
        dir = itool::ui::settings::lastWorkspace.value();
    if (!dir.isEmpty()) {
        QString error;
        if (!window.openWorkspace(dir, &error)) {
            std::fprintf(stderr, "itool-workbench: %s\n", qPrintable(error));
            if (parser.isSet(screenshotOption))
                return 1;
            QMessageBox::warning(&window, QObject::tr("Cannot open the workspace"), error);
        }
    }
    auto *ws = window.workspace();
    if (ws && parser.isSet(demoOption) && ws->datasets().empty()) {
        const QString demo = parser.value(demoOption);
        if (!QFileInfo::exists(demo)) {
            std::fprintf(stderr, "itool-workbench: demo data %s not found\n", qPrintable(demo));
            return 1;
        }
        ws->importDataset(demo);
    }
    if (ws && parser.isSet(predictionsOption)) {
        const QString predictions = QFileInfo(parser.value(predictionsOption)).absoluteFilePath();
        // Attached after the dataset is indexed (it may be importing right now).
        auto attach = [ws, predictions] { ws->loadPredictions(predictions); };
        if (ws->index() && !ws->indexing())
            attach();
        else
            QObject::connect(ws, &itool::ui::Workspace::indexingFinished, ws, attach, Qt::SingleShotConnection);
    }
    window.show();

    if (parser.isSet(screenshotOption)) {
        const QString out = parser.value(screenshotOption);
        QTimer::singleShot(0, &window, [&window, out] {
            // Import, index and predictions run as jobs, one after another.
            for (int round = 0; round < 5; ++round)
                window.jobs()->waitForAll(120000);
            pickShowcaseRecord(window);
            const QStringList files = window.saveScreenshots(out);
            for (const QString &f : files)
                std::printf("%s\n", qPrintable(f));
            QApplication::exit(files.isEmpty() ? 1 : 0);
        });
    }
    return app.exec();
}
