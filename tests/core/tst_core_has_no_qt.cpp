// core/ is the engine and must build without Qt: no file under it may include a Qt header.
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <regex>

// Kept out of raw strings: moc's preprocessor mis-reads them.
static const char *const kQtIncludePattern = "^\\s*#\\s*include\\s*[<\"](Q[A-Za-z]+|Qt[A-Za-z]*/)[^>\"]*[>\"]";
static const char *const kHash = "#";

class TestCoreHasNoQt : public QObject
{
    Q_OBJECT
private slots:
    void noQtIncludes()
    {
        const std::filesystem::path core = std::filesystem::path(ITOOL_SOURCE_DIR) / "core";
        QVERIFY(std::filesystem::is_directory(core));
        const std::regex qtInclude(kQtIncludePattern);
        int filesScanned = 0;
        QStringList offenders;
        for (const auto &entry : std::filesystem::recursive_directory_iterator(core)) {
            if (!entry.is_regular_file())
                continue;
            const auto ext = entry.path().extension();
            if (ext != ".h" && ext != ".cpp" && ext != ".hpp")
                continue;
            ++filesScanned;
            std::ifstream in(entry.path());
            std::string line;
            int lineNumber = 0;
            while (std::getline(in, line)) {
                ++lineNumber;
                if (std::regex_search(line, qtInclude))
                    offenders << QString::fromStdString(entry.path().string() + ":" + std::to_string(lineNumber));
            }
        }
        QVERIFY(filesScanned > 0);
        QVERIFY2(offenders.isEmpty(), qPrintable("Qt header in core: " + offenders.join(", ")));
    }

    void patternCatchesQtHeaders()
    {
        const std::regex qtInclude(kQtIncludePattern);
        QVERIFY(std::regex_search(std::string(kHash) + "include <QString>", qtInclude));
        QVERIFY(std::regex_search(std::string(kHash) + "  include <QtCore/qglobal.h>", qtInclude));
        QVERIFY(!std::regex_search(std::string(kHash) + "include <queue>", qtInclude));
        QVERIFY(!std::regex_search(std::string(kHash) + "include \"core/data/record.h\"", qtInclude));
    }
};

QTEST_APPLESS_MAIN(TestCoreHasNoQt)
#include "tst_core_has_no_qt.moc"
