// The main window comes up offscreen with a title; File > Export Plots writes every plot of
// the Training and Decay panes as PNG, SVG and PDF.
#include "ui/main_window.h"

#include <QAction>
#include <QFileInfo>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QtTest>

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void opens()
    {
        itool::ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.windowTitle().contains("iTool"));
    }

    void exportsEveryPlot()
    {
        itool::ui::MainWindow window;
        QTemporaryDir dir;
        QString error;
        const QStringList files = window.exportPlots(dir.filePath("plots"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(files.size(), 15); // four training plots and the decay curve, three formats
        for (const QString &name : {"sft-loss-and-learning-rate", "throughput", "preference-rounds",
                                    "accuracy-per-round", "decay-curve"})
            for (const QString &fmt : {"png", "svg", "pdf"}) {
                const QFileInfo info(dir.filePath("plots/" + name + "." + fmt));
                QVERIFY2(info.exists() && info.size() > 500, qPrintable(info.fileName()));
            }
        // The menu entry with its shortcut.
        bool found = false;
        for (QAction *a : window.menuBar()->findChildren<QAction *>())
            found = found
                    || (a->text().contains("Export Plots")
                        && a->shortcut() == QKeySequence("Ctrl+E"));
        QVERIFY(found);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
