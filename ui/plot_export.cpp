// Plot export (see plot_export.h).
#include "ui/plot_export.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <QToolTip>
#include <qcustomplot.h>

namespace itool::ui {

namespace {

// QCustomPlot has no SVG writer; its toPainter draws the whole plot (layout, axes, legend)
// onto any paint device, here an SVG generator with a view box in the plot's pixels.
bool saveSvg(QCustomPlot *plot, const QString &path, int width, int height)
{
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(QSize(width, height));
    svg.setViewBox(QRect(0, 0, width, height));
    svg.setResolution(96);
    svg.setTitle(QFileInfo(path).completeBaseName());
    svg.setDescription(QStringLiteral("iTool Workbench plot"));
    QCPPainter painter;
    if (!painter.begin(&svg))
        return false;
    // Vectors and no cached label pixmaps: tick labels, axis labels and legend stay <text>.
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    plot->toPainter(&painter, width, height);
    painter.end();
    return QFileInfo(path).size() > 0;
}

} // namespace

QStringList plotExportFormats()
{
    return {"png", "svg", "pdf"};
}

bool exportPlot(QCustomPlot *plot, const QString &path, QString *error, int width, int height)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = false;
    if (suffix == "png")
        ok = plot->savePng(path, width, height, 2.0);
    else if (suffix == "pdf")
        ok = plot->savePdf(path, width, height);
    else if (suffix == "svg")
        ok = saveSvg(plot, path, width, height);
    else {
        if (error)
            *error = QObject::tr("%1: unknown format (expected .png, .svg or .pdf)").arg(path);
        return false;
    }
    if (!ok && error)
        *error = QObject::tr("could not write %1").arg(path);
    return ok;
}

QStringList exportPlotsToFolder(const QList<NamedPlot> &plots, const QString &dir, QString *error)
{
    QStringList written;
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = QObject::tr("cannot create %1").arg(dir);
        return written;
    }
    for (const NamedPlot &p : plots)
        for (const QString &fmt : plotExportFormats()) {
            const QString path = QDir(dir).filePath(p.name + "." + fmt);
            QString e;
            if (exportPlot(p.plot, path, &e))
                written << path;
            else if (error && error->isEmpty())
                *error = e;
        }
    return written;
}

QString plotFileName(const QString &title)
{
    QString name = title.toLower();
    name.replace(QRegularExpression("[^a-z0-9]+"), "-");
    while (name.startsWith('-'))
        name.remove(0, 1);
    while (name.endsWith('-'))
        name.chop(1);
    return name.isEmpty() ? QStringLiteral("plot") : name;
}

bool exportPlotWithDialog(QCustomPlot *plot, const QString &suggestedName, QWidget *parent,
                          QString *message)
{
    message->clear();
    const QString png = QObject::tr("PNG image (*.png)"),
                  svg = QObject::tr("SVG vector image (*.svg)"),
                  pdf = QObject::tr("PDF document (*.pdf)");
    QString filter = png;
    QString path
        = QFileDialog::getSaveFileName(parent, QObject::tr("Export plot"), suggestedName + ".png",
                                       png + ";;" + svg + ";;" + pdf, &filter);
    if (path.isEmpty())
        return true;
    // The suffix follows the chosen filter when the name has none of ours.
    if (!plotExportFormats().contains(QFileInfo(path).suffix().toLower()))
        path += filter == svg ? ".svg" : filter == pdf ? ".pdf" : ".png";
    if (!exportPlot(plot, path, message))
        return false;
    *message = QObject::tr("Wrote %1").arg(path);
    return true;
}

void addPlotExportMenu(QCustomPlot *plot, const QString &suggestedName)
{
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(
        plot, &QWidget::customContextMenuRequested, plot, [plot, suggestedName](const QPoint &pos) {
            QMenu menu(plot);
            menu.addAction(
                QObject::tr("Export plot (PNG, SVG, PDF)\u2026"), plot, [plot, suggestedName] {
                    QString message;
                    if (!exportPlotWithDialog(plot, plotFileName(suggestedName), plot->window(),
                                              &message))
                        QMessageBox::warning(plot->window(), QObject::tr("Export failed"), message);
                    else if (!message.isEmpty())
                        QToolTip::showText(QCursor::pos(), message, plot);
                });
            menu.exec(plot->mapToGlobal(pos));
        });
}

} // namespace itool::ui
