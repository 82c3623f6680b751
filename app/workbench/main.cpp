// itool-workbench: the desktop GUI. main() and argument parsing only.
#include "ui/dataset_pane.h"
#include "ui/decay_pane.h"
#include "ui/job_manager.h"
#include "ui/main_window.h"
#include "ui/runs_pane.h"
#include "ui/metric_series_model.h"
#include "ui/record_table_model.h"
#include "ui/redraw_scheduler.h"
#include "ui/report_writer.h"
#include "ui/setting.h"
#include "ui/spec_form.h"
#include "ui/stall_probe.h"
#include "ui/training_pane.h"
#include "ui/workspace.h"

#include "core/store/workspace_store.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QComboBox>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QTableView>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QTimer>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <memory>
#include <string>

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

// --bench-load FILE: the GUI path of `itool bench load`. A scratch workspace gets FILE as its
// dataset; the window opens it as a person would and the times are taken from the model the
// table shows: first rows painted, index complete, a filter through the pane's combo box.
int benchLoad(itool::ui::MainWindow &window, const QString &file, const QString &scratch)
{
    using Clock = std::chrono::steady_clock;
    auto ms = [](Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); };
    {
        itool::store::WorkspaceStore store(QDir(scratch).filePath("workspace.sqlite").toStdString());
        itool::store::DatasetEntry entry;
        entry.name = QFileInfo(file).completeBaseName().toStdString();
        entry.path = QFileInfo(file).absoluteFilePath().toStdString();
        entry.sourcePath = entry.path;
        entry.format = "native";
        store.addDataset(entry);
    }
    window.show();
    QApplication::processEvents();
    auto *table = window.datasetPane()->table();
    const auto start = Clock::now();
    const std::clock_t cpuStart = std::clock();
    QString error;
    if (!window.openWorkspace(scratch, &error)) {
        std::fprintf(stderr, "itool-workbench: %s\n", qPrintable(error));
        return 1;
    }
    while (window.datasetPane()->model()->rowCount() == 0 && ms(start) < 60000)
        QApplication::processEvents(QEventLoop::AllEvents, 1);
    table->viewport()->repaint(); // synchronous: the rows are on screen when this returns
    const double firstRowsMs = ms(start);
    const int firstRows = window.datasetPane()->model()->rowCount();
    while (window.workspace()->indexing() && ms(start) < 600000)
        QApplication::processEvents(QEventLoop::AllEvents, 5);
    const double fullMs = ms(start);
    const double fullCpuMs = 1000.0 * double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    const auto filterStart = Clock::now();
    auto *combo = window.datasetPane()->difficultyFilter();
    combo->setCurrentIndex(combo->findData("hard"));
    table->viewport()->repaint();
    const double filterMs = ms(filterStart);
    const int hardRows = window.datasetPane()->model()->rowCount();
    const auto searchStart = Clock::now();
    combo->setCurrentIndex(0);
    window.datasetPane()->searchField()->setText("tokyo");
    window.datasetPane()->applyFilters(); // skip the typing delay
    table->viewport()->repaint();
    const double searchMs = ms(searchStart);
    std::printf("GUI path (itool-workbench --bench-load): %s, %zu records\n", qPrintable(file),
                window.workspace()->index()->size());
    std::printf("first rows painted in the dataset table: %.1f ms (%d rows)   target < 1000 ms\n", firstRowsMs, firstRows);
    std::printf("index complete, all rows in the table: %.1f ms wall, %.1f ms CPU (all threads)   target < 5000 ms\n",
                fullMs, fullCpuMs);
    std::printf("filter difficulty=hard through the pane, repainted: %.1f ms (%d rows)   target < 200 ms\n", filterMs, hardRows);
    std::printf("search \"tokyo\" through the pane, repainted: %.1f ms (%d rows)\n", searchMs,
                window.datasetPane()->model()->rowCount());
    std::printf("{\"first_rows_ms\":%.3f,\"first_rows\":%d,\"full_index_ms\":%.3f,\"full_index_cpu_ms\":%.3f,"
                "\"filter_ms\":%.3f,\"search_ms\":%.3f}\n",
                firstRowsMs, firstRows, fullMs, fullCpuMs, filterMs, searchMs);
    return 0;
}

// Grabs the Training and Decay docks (raised in turn) as <out>/<tag>-training.png and
// <out>/<tag>-decay.png.
void grabTrainingPanes(itool::ui::MainWindow &window, const QString &out, const QString &tag)
{
    QDir().mkpath(out);
    for (QWidget *pane : {static_cast<QWidget *>(window.trainingPane()), static_cast<QWidget *>(window.decayPane())}) {
        auto *dock = qobject_cast<QDockWidget *>(pane->parentWidget());
        if (dock) {
            dock->show();
            dock->raise();
        }
        for (int i = 0; i < 5; ++i)
            QApplication::processEvents();
        // The plots as they are now, not as last rendered.
        itool::ui::RedrawScheduler::instance()->flush();
        const QString name = pane == window.trainingPane() ? "training" : "decay";
        const QString file = QDir(out).filePath(tag + "-" + name + ".png");
        if ((dock ? static_cast<QWidget *>(dock) : pane)->grab().save(file))
            std::printf("%s\n", qPrintable(file));
    }
}

// How far the job in the Training pane is, 0..1 (steps for SFT, points for decay specs).
double trainingProgress(itool::ui::MainWindow &window)
{
    auto *pane = window.trainingPane();
    const auto &spec = pane->form()->spec();
    if (pane->form()->kind() == "decay") {
        const double total = double(spec.value("fractions", itool::Json::array()).size() *
                                    spec.value("seeds", itool::Json::array()).size());
        return total > 0 ? double(pane->series()->decayPoints().size()) / total : 0.0;
    }
    const auto total = pane->series()->totalSteps();
    return total > 0 ? double(pane->series()->lastStep()) / double(total) : 0.0;
}

} // namespace

int main(int argc, char **argv)
{
    // The report is written without a display: pick the offscreen platform when none is set.
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]) == "--report" && qEnvironmentVariableIsEmpty("DISPLAY") &&
            qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
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
    QCommandLineOption benchOption("bench-load",
                                   "Time opening FILE in the dataset table (first rows, full index, a filter) and exit.",
                                   "FILE");
    QCommandLineOption reportOption("report", "Write the report of run folder RUN (with --out) and exit.", "RUN");
    QCommandLineOption outOption("out", "Folder for --report (default RUN/report).", "DIR");
    QCommandLineOption trainOption("train",
                                   "Start the job spec SPEC (a file, or a preset such as sft-quick) in the Training pane.",
                                   "SPEC");
    QCommandLineOption openRunOption(
        "open-run", "Open run folder NAME (under the workspace's runs/) in the Runs pane; NAME,OTHER also compares OTHER.",
        "NAME[,OTHER]");
    QCommandLineOption trainShotsOption(
        "train-screenshots", "With --train: save the Training and Decay panes mid-run and at the end into OUT, then exit.",
        "OUT");
    parser.addOptions({workspaceOption, demoOption, predictionsOption, screenshotOption, benchOption, reportOption,
                       outOption, trainOption, trainShotsOption, openRunOption});
    parser.process(app);

    if (parser.isSet(benchOption)) {
        // Its own settings file, so the scratch workspace never lands in the recent list.
        QApplication::setApplicationName("iTool Workbench bench");
        QTemporaryDir scratch;
        itool::ui::MainWindow window;
        return benchLoad(window, parser.value(benchOption), scratch.path());
    }

    if (parser.isSet(reportOption)) {
        const QString run = parser.value(reportOption);
        const QString out = parser.isSet(outOption) ? parser.value(outOption) : QDir(run).filePath("report");
        const itool::ui::ReportResult r = itool::ui::writeRunReport(run, out);
        if (!r.ok) {
            std::fprintf(stderr, "itool-workbench: %s\n", qPrintable(r.error));
            return 1;
        }
        std::printf("report %s: %d plots, %d decay points, %d metrics lines, %d fixed-call examples, %lld files\n",
                    qPrintable(r.htmlPath), r.plots, r.decayPoints, r.metricLines, r.examples,
                    static_cast<long long>(r.files.size()));
        return 0;
    }

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

    if (parser.isSet(trainOption)) {
        auto *pane = window.trainingPane();
        const QString spec = parser.value(trainOption);
        bool loaded = false;
        if (QFileInfo::exists(spec)) {
            QFile f(spec);
            loaded = f.open(QIODevice::ReadOnly) && pane->form()->setSpecText(QString::fromUtf8(f.readAll()));
        } else {
            loaded = pane->loadPreset(spec);
        }
        if (!loaded || !pane->start(false)) {
            std::fprintf(stderr, "itool-workbench: cannot start %s: %s\n", qPrintable(spec),
                         qPrintable(pane->form()->validationError()));
            return 1;
        }
        if (auto *dock = qobject_cast<QDockWidget *>(pane->parentWidget())) {
            dock->raise();
            if (parser.isSet(trainShotsOption)) {
                // Room for the plots in the screenshots.
                window.resize(1800, 1000);
                window.resizeDocks({dock}, {1250}, Qt::Horizontal);
            }
        }
        if (parser.isSet(trainShotsOption)) {
            const QString out = parser.value(trainShotsOption);
            auto *probe = new QTimer(&window);
            auto midDone = std::make_shared<bool>(false);
            QObject::connect(probe, &QTimer::timeout, &window, [&window, out, midDone] {
                if (!*midDone && trainingProgress(window) >= 0.5) {
                    *midDone = true;
                    // Raising docks and grabbing them blocks the event loop on purpose; that
                    // window is left out of the stall measurement (the summary counts it).
                    window.trainingPane()->probe()->pause();
                    QElapsedTimer grab;
                    grab.start();
                    grabTrainingPanes(window, out, "mid");
                    if (auto *dock = qobject_cast<QDockWidget *>(window.trainingPane()->parentWidget()))
                        dock->raise();
                    QApplication::processEvents();
                    std::printf("mid-run screenshots blocked the event loop %lld ms (left out of the stall figures)\n",
                                static_cast<long long>(grab.elapsed()));
                    window.trainingPane()->probe()->resume();
                }
            });
            probe->start(500);
            QObject::connect(
                pane, &itool::ui::TrainingPane::jobEnded, &window,
                [&window, out](itool::ui::JobManager::State state, const QString &message,
                               double stall) {
                    auto *probe = window.trainingPane()->probe();
                    std::printf("job %s %s; longest event-loop stall %.1f ms\n",
                                state == itool::ui::JobManager::State::Succeeded ? "finished"
                                                                                 : "ended",
                                qPrintable(message), stall);
                    std::printf("event loop while training: %s\n", qPrintable(probe->summary()));
                    std::printf(
                        "{\"max_stall_ms\":%.1f,\"p99_stall_ms\":%.1f,\"p50_stall_ms\":%.1f,"
                        "\"ticks\":%lld,\"stalls_over_50ms\":%d,\"max_gap_cpu_ms\":%.1f,"
                        "\"p99_gap_cpu_ms\":%.1f,\"paused_windows\":%d}\n",
                        probe->maxStallMs(), probe->percentileStallMs(0.99),
                        probe->percentileStallMs(0.5), static_cast<long long>(probe->ticks()),
                        probe->stallsOverGoal(), probe->maxGapCpuMs(),
                        probe->percentileGapCpuMs(0.99), probe->pausedWindows());
                    const auto *redraws = itool::ui::RedrawScheduler::instance();
                    std::printf(
                        "plot renders: %lld, slowest %.1f ms, mean %.1f ms (GUI-thread CPU)\n",
                        static_cast<long long>(redraws->rendered()), redraws->maxRenderMs(),
                        redraws->rendered() ? redraws->totalRenderMs() / double(redraws->rendered())
                                            : 0.0);
                    std::fflush(stdout);
                    QTimer::singleShot(300, &window, [&window, out] {
                        grabTrainingPanes(window, out, "end");
                        QApplication::exit(0);
                    });
                });
        }
    }

    if (parser.isSet(openRunOption)) {
        const QStringList names = parser.value(openRunOption).split(',');
        if (!ws || !window.runsPane()->runNames().contains(names.front())) {
            std::fprintf(stderr, "itool-workbench: --open-run: no run %s in the workspace's runs folder\n",
                         qPrintable(names.front()));
            return 1;
        }
        window.runsPane()->open(names.front(), names.size() > 1 ? names[1] : QString());
    }

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
