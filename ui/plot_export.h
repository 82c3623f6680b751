#pragma once
// Saving a plot as it is drawn (title, axes, labels, legend included): PNG at twice the
// screen resolution, PDF and SVG as vectors (SVG through Qt SVG's QSvgGenerator: text stays
// text, so the axis labels and legend entries can be searched and edited).
// What it is not: the report (report_writer.h) or a file dialog (the panes ask for paths).
#include <QString>
#include <QStringList>

class QCustomPlot;
class QWidget;

namespace itool::ui {

// The formats exportPlot can write ("png", "svg", "pdf").
QStringList plotExportFormats();
// Writes by the file's suffix; false with error set when it cannot.
bool exportPlot(QCustomPlot *plot, const QString &path, QString *error = nullptr, int width = 900, int height = 540);
// Writes every plot as NAME.png, NAME.svg and NAME.pdf into dir (created when missing);
// returns the files written, error set for the first that failed.
struct NamedPlot
{
    QCustomPlot *plot;
    QString name;
};
QStringList exportPlotsToFolder(const QList<NamedPlot> &plots, const QString &dir,
                                QString *error = nullptr);
// A file name for a plot title: "SFT loss and learning rate" -> "sft-loss-and-learning-rate".
QString plotFileName(const QString &title);
// Asks for a file name (PNG, SVG or PDF, by the chosen filter) and writes the plot; the
// message says what was written or why not (empty when the person cancelled). False only
// when writing failed.
bool exportPlotWithDialog(QCustomPlot *plot, const QString &suggestedName, QWidget *parent,
                          QString *message);

// Gives the plot a right-click menu "Export plot..." (PNG, SVG or PDF through the dialog
// above); what was written shows as a tooltip, a failure in a message box.
void addPlotExportMenu(QCustomPlot *plot, const QString &suggestedName);

} // namespace itool::ui
