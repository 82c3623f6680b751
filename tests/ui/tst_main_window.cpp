// The main window comes up offscreen with a title.
#include "ui/main_window.h"

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
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
