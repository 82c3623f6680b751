#pragma once
// Saving a plot as it is drawn (axes, labels, legend included): PNG at twice the screen
// resolution, PDF as vectors. SVG needs Qt SVG (QSvgGenerator), which this build does not
// link; asking for .svg returns an error saying so.
#include <QString>

class QCustomPlot;

namespace itool::ui {

// The formats exportPlot can write ("png", "pdf").
QStringList plotExportFormats();
// Writes by the file's suffix; false with error set when it cannot.
bool exportPlot(QCustomPlot *plot, const QString &path, QString *error = nullptr, int width = 900, int height = 540);

} // namespace itool::ui
