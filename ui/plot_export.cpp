// Plot export (see plot_export.h).
#include "ui/plot_export.h"

#include <QFileInfo>
#include <QStringList>
#include <qcustomplot.h>

namespace itool::ui {

QStringList plotExportFormats() { return {"png", "pdf"}; }

bool exportPlot(QCustomPlot *plot, const QString &path, QString *error, int width, int height)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = false;
    if (suffix == "png")
        ok = plot->savePng(path, width, height, 2.0);
    else if (suffix == "pdf")
        ok = plot->savePdf(path, width, height);
    else if (suffix == "svg") {
        if (error)
            *error = QObject::tr("SVG export needs Qt SVG (Qt6::Svg), which is not installed; use PDF for vectors");
        return false;
    } else {
        if (error)
            *error = QObject::tr("%1: unknown format (expected .png or .pdf)").arg(path);
        return false;
    }
    if (!ok && error)
        *error = QObject::tr("could not write %1").arg(path);
    return ok;
}

} // namespace itool::ui
