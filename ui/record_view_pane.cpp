#include "ui/record_view_pane.h"

#include "ui/prediction_check.h"
#include "ui/prediction_view.h"
#include "ui/theme.h"
#include "ui/workspace.h"

#include "core/data/native_format.h"

#include <QGroupBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace itool::ui {

namespace {

QString esc(const std::string &s) { return QString::fromStdString(s).toHtmlEscaped(); }

QString jsonText(const Json &value) { return QString::fromStdString(value.dump()); }

QString typeOf(const Json &schema)
{
    if (!schema.is_object())
        return QStringLiteral("?");
    QString type = schema.contains("type") ? (schema["type"].is_string() ? QString::fromStdString(schema["type"].get<std::string>())
                                                                            : jsonText(schema["type"]))
                                           : QStringLiteral("any");
    if (type == QStringLiteral("array") && schema.contains("items"))
        type += QStringLiteral(" of ") + typeOf(schema["items"]);
    return type;
}

QString roleColor(data::Role role)
{
    switch (role) {
    case data::Role::System: return QStringLiteral("#616161");
    case data::Role::User: return QStringLiteral("#1565c0");
    case data::Role::Assistant: return QStringLiteral("#2e7d32");
    case data::Role::Tool: return QStringLiteral("#6a1b9a");
    }
    return QStringLiteral("#000");
}

} // namespace

RecordViewPane::RecordViewPane(QWidget *parent)
    : QWidget(parent)
    , m_details(new QTextBrowser(this))
    , m_verdict(new QLabel(this))
    , m_gold(new QPlainTextEdit(this))
    , m_prediction(new PredictionView(this))
    , m_compare(new QWidget(this))
    , m_split(new QSplitter(Qt::Vertical, this))
{
    m_details->setOpenLinks(false);
    m_details->setObjectName("recordDetails");
    m_gold->setReadOnly(true);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_gold->setFont(mono);
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::RichText);

    auto *goldBox = new QGroupBox(tr("Gold"), m_compare);
    (new QVBoxLayout(goldBox))->addWidget(m_gold);
    auto *predictionBox = new QGroupBox(tr("Prediction"), m_compare);
    predictionBox->setToolTip(tr("Fragment errors are highlighted in place; hover one for expected vs got"));
    (new QVBoxLayout(predictionBox))->addWidget(m_prediction);
    auto *sideBySide = new QSplitter(Qt::Horizontal, m_compare);
    sideBySide->addWidget(goldBox);
    sideBySide->addWidget(predictionBox);
    sideBySide->setSizes({300, 300});
    sideBySide->setChildrenCollapsible(false);
    auto *compareLayout = new QVBoxLayout(m_compare);
    compareLayout->setContentsMargins(0, 0, 0, 0);
    compareLayout->addWidget(m_verdict);
    compareLayout->addWidget(sideBySide, 1);

    auto *split = m_split;
    split->addWidget(m_details);
    split->addWidget(m_compare);
    split->setChildrenCollapsible(false);
    m_compare->setMinimumHeight(160);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);
    m_details->setHtml(tr("<p style='color:#616161'>Select a record in the dataset table.</p>"));
    m_compare->setVisible(false);
}

void RecordViewPane::setWorkspace(Workspace *workspace)
{
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_workspace = workspace;
    m_row.reset();
    if (!workspace)
        return;
    connect(workspace, &Workspace::currentDatasetChanged, this, [this] { m_row.reset(); });
    auto reshow = [this] {
        if (m_row)
            showRow(*m_row);
    };
    connect(workspace, &Workspace::predictionsChanged, this, reshow);
    connect(workspace, &Workspace::splitChanged, this, reshow);
}

void RecordViewPane::showRow(std::uint32_t indexRow)
{
    if (!m_workspace || !m_workspace->index() || indexRow >= m_workspace->index()->size())
        return;
    m_row = indexRow;
    try {
        const auto record = m_workspace->index()->record(indexRow);
        showRecord(*record, m_workspace->prediction(record->id));
    } catch (const std::exception &e) {
        m_details->setHtml(tr("<p style='color:#c62828'>This record cannot be read: %1</p>")
                               .arg(QString::fromUtf8(e.what()).toHtmlEscaped()));
        m_compare->setVisible(false);
    }
}

QString RecordViewPane::toolsHtml(const std::vector<Json> &tools)
{
    QString html;
    for (const Json &tool : tools) {
        html += QStringLiteral("<p style='margin-bottom:2px'><b style='font-family:monospace'>%1</b></p>")
                    .arg(esc(tool.value("name", std::string())));
        if (tool.contains("description") && tool["description"].is_string())
            html += QStringLiteral("<p style='margin-top:0;color:#424242'>%1</p>").arg(esc(tool["description"].get<std::string>()));
        const Json params = tool.value("parameters", Json::object());
        const Json props = params.is_object() ? params.value("properties", Json::object()) : Json::object();
        std::vector<std::string> required;
        if (params.is_object() && params.contains("required") && params["required"].is_array())
            for (const Json &r : params["required"])
                if (r.is_string())
                    required.push_back(r.get<std::string>());
        if (!props.is_object() || props.empty()) {
            html += tr("<p style='color:#757575;margin-left:12px'>no parameters</p>");
            continue;
        }
        html += QStringLiteral("<table cellspacing='0' cellpadding='3' style='margin-left:12px;border-collapse:collapse' "
                               "border='1' bordercolor='#d0d0d0'><tr style='background:#eeeeee'><th align='left'>%1</th>"
                               "<th align='left'>%2</th><th>%3</th><th align='left'>%4</th><th align='left'>%5</th></tr>")
                    .arg(tr("parameter"), tr("type"), tr("required"), tr("default"), tr("description"));
        for (const auto &[name, schema] : props.items()) {
            const bool isRequired = std::find(required.begin(), required.end(), name) != required.end();
            QString description = schema.is_object() && schema.contains("description") && schema["description"].is_string()
                                      ? esc(schema["description"].get<std::string>())
                                      : QString();
            if (schema.is_object() && schema.contains("enum"))
                description += (description.isEmpty() ? QString() : QStringLiteral(" ")) + tr("<i>one of</i> ")
                               + jsonText(schema["enum"]).toHtmlEscaped();
            const QString def = schema.is_object() && schema.contains("default") ? jsonText(schema["default"]).toHtmlEscaped()
                                                                                 : QString();
            html += QStringLiteral("<tr><td style='font-family:monospace'>%1</td><td>%2</td><td align='center'>%3</td>"
                                   "<td style='font-family:monospace'>%4</td><td>%5</td></tr>")
                        .arg(QString::fromStdString(name).toHtmlEscaped(), typeOf(schema).toHtmlEscaped(),
                             isRequired ? tr("<b>yes</b>") : tr("no"), def, description);
        }
        html += QStringLiteral("</table>");
    }
    return html;
}

QString RecordViewPane::goldText(const std::vector<data::GoldCall> &gold)
{
    if (gold.empty())
        return tr("(no call: the right answer calls no tool)");
    QStringList lines;
    for (const data::GoldCall &call : gold) {
        QStringList args;
        for (const data::GoldParam &p : call.params) {
            QStringList alternatives;
            for (const Json &v : p.allowed)
                if (!(v.is_string() && v.get_ref<const std::string &>().empty()))
                    alternatives << QString::fromStdString(v.dump());
            QString arg = QString::fromStdString(p.name) + QStringLiteral("=")
                          + (alternatives.isEmpty() ? QStringLiteral("\u2205") : alternatives.join(QStringLiteral(" | ")));
            if (p.omittable())
                arg += tr(" (may be omitted)");
            args << arg;
        }
        lines << QString::fromStdString(call.name) + QStringLiteral("(") + args.join(QStringLiteral(", ")) + QStringLiteral(")");
    }
    return lines.join(QStringLiteral("\n"));
}

void RecordViewPane::showRecord(const data::Record &r, const std::optional<Json> &prediction)
{
    const QString difficulty = r.difficulty == data::Difficulty::Unset ? tr("unsplit")
                                                                       : QString::fromStdString(std::string(data::toString(r.difficulty)));
    QString html = QStringLiteral("<h2 style='margin-bottom:0'>%1</h2>").arg(esc(r.id));
    html += QStringLiteral("<p style='margin-top:2px'>%1 \u00b7 <span style='color:%2'><b>%3</b></span>%4 \u00b7 %5 \u00b7 "
                           "<span style='color:#757575'>%6:%7</span></p>")
                .arg(QString::fromStdString(std::string(data::toString(r.category))),
                     theme::difficultyColor(r.difficulty).name(), difficulty,
                     r.difficultyByPerson ? tr(" (set by a person)") : QString(),
                     r.domain.empty() ? tr("no domain") : esc(r.domain), esc(r.source.file))
                .arg(r.source.line);

    html += tr("<h3>Conversation</h3>");
    for (const data::Message &m : r.conversation) {
        QString body = QString::fromStdString(m.content).toHtmlEscaped().replace(QStringLiteral("\n"), QStringLiteral("<br>"));
        for (const auto &call : m.calls)
            body += QStringLiteral("<br><code>%1(%2)</code>").arg(esc(call.name), jsonText(call.arguments).toHtmlEscaped());
        html += QStringLiteral("<p><b style='color:%1'>%2%3</b><br>%4</p>")
                    .arg(roleColor(m.role), QString::fromStdString(std::string(data::toString(m.role))),
                         m.toolName.empty() ? QString() : QStringLiteral(" (") + esc(m.toolName) + QStringLiteral(")"), body);
    }
    html += tr("<h3>Gold calls</h3><pre>%1</pre>").arg(goldText(r.gold).toHtmlEscaped());
    html += tr("<h3>Tools (%1)</h3>").arg(r.tools.size()) + toolsHtml(r.tools);
    m_details->setHtml(html);

    m_gold->setPlainText(goldText(r.gold));
    if (!prediction) {
        m_compare->setVisible(false);
        m_prediction->showPrediction(QString(), {});
        m_verdict->clear();
        return;
    }
    if (!m_compare->isVisible()) {
        m_compare->setVisible(true);
        const int h = std::max(400, m_split->height());
        m_split->setSizes({h * 11 / 20, h * 9 / 20});
    }
    try {
        const PredictionCheck check = checkPrediction(r, *prediction);
        m_prediction->showPrediction(QString::fromStdString(check.text), check.marks);
        if (check.errorType.empty()) {
            m_verdict->setText(tr("<b style='color:%1'>Correct</b> by the BFCL rules.").arg(theme::errorColor("").name()));
        } else {
            QStringList kinds;
            for (const FragmentMark &m : check.marks)
                kinds << QStringLiteral("<span style='background:%1'>&nbsp;%2&nbsp;</span>")
                             .arg(theme::errorBackground(m.kind).name(), QString::fromStdString(m.kind).toHtmlEscaped());
            kinds.removeDuplicates();
            m_verdict->setText(tr("<b style='color:%1'>%2</b> (BFCL's verdict) \u2014 %3 fragment error(s): %4")
                                   .arg(theme::errorColor(check.errorType).name(),
                                        QString::fromStdString(check.errorType).toHtmlEscaped())
                                   .arg(check.marks.size())
                                   .arg(kinds.join(QStringLiteral(" "))));
        }
    } catch (const std::exception &e) {
        m_prediction->showPrediction(QString::fromStdString(prediction->dump()), {});
        m_verdict->setText(tr("Cannot check this prediction: %1").arg(QString::fromUtf8(e.what()).toHtmlEscaped()));
    }
}

QString RecordViewPane::verdictText() const { return m_verdict->text(); }

} // namespace itool::ui
