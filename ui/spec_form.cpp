// The spec form and raw JSON tabs (see spec_form.h).
#include "ui/spec_form.h"

#include "core/pipeline/decay_spec.h"
#include "core/pipeline/round_spec.h"
#include "core/pipeline/sft_spec.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QVBoxLayout>

namespace itool::ui {

namespace {

Json *walk(Json &root, const QStringList &parts, bool create)
{
    Json *j = &root;
    for (const QString &p : parts) {
        const std::string key = p.toStdString();
        if (!j->is_object() || (!create && !j->contains(key)))
            return nullptr;
        j = &(*j)[key];
    }
    return j;
}

QString numberText(const Json &v)
{
    if (v.is_number_integer() || v.is_number_unsigned())
        return QString::number(v.get<long long>());
    if (v.is_number_float())
        return QString::number(v.get<double>(), 'g', 10);
    return {};
}

} // namespace

SpecForm::SpecForm(QWidget *parent) : QTabWidget(parent)
{
    auto *formPage = new QWidget;
    auto *outer = new QVBoxLayout(formPage);
    auto *form = new QFormLayout;
    outer->addLayout(form);
    addField(form, tr("Run folder"), "run_dir", "string", tr("Where checkpoints, metrics and the model go"));
    addField(form, tr("Training files"), "data/train", "list", tr("Record files (JSON Lines), comma-separated"));
    addField(form, tr("Test files"), "data/test", "list", tr("Decay specs: the shared test set"));
    addField(form, tr("Start model"), "start_model", "string",
             tr("Rounds specs: a model folder to start from (or give a warm-up)"));
    addField(form, tr("Warm-up spec"), "warmup", "string",
             tr("Rounds specs: an SFT spec file trained first into the run folder's warmup/ (or give a start model)"));
    addField(form, tr("Rounds"), "rounds", "int", tr("Rounds specs: number of iTool rounds"));
    addField(form, tr("Max tokens"), "data/max_tokens", "int", tr("Per example; longer context is cut"));
    addField(form, tr("Vocabulary"), "tokenizer/vocab_size", "int", tr("Size of the tokenizer trained on the data"));
    addField(form, tr("Hidden size"), "model/hidden_size", "int", {});
    addField(form, tr("Layers"), "model/num_hidden_layers", "int", {});
    addField(form, tr("Heads"), "model/num_attention_heads", "int", {});
    addField(form, tr("Context"), "model/max_position_embeddings", "int", tr("At least max tokens"));
    addField(form, tr("Stage steps"), "curriculum/*/steps", "numbers", tr("Optimiser steps of each curriculum stage"));
    addField(form, tr("Fractions"), "fractions", "numbers", tr("Decay specs: nested shares of the training pool"));
    addField(form, tr("Seeds"), "seeds", "numbers", tr("Decay specs: one model per seed and fraction"));
    addField(form, tr("Learning rate"), "optimizer/lr", "number", {});
    addField(form, tr("Warm-up steps"), "optimizer/warmup_steps", "int", {});
    addField(form, tr("Batch size"), "optimizer/batch_size", "int", {});
    addField(form, tr("Checkpoint every"), "checkpoint_every", "int", tr("Steps between checkpoints (resume points)"));
    addField(form, tr("Seed"), "seed", "int", {});
    outer->addStretch();
    auto *scroll = new QScrollArea;
    scroll->setWidget(formPage);
    scroll->setWidgetResizable(true);
    addTab(scroll, tr("Form"));

    auto *jsonPage = new QWidget;
    auto *jl = new QVBoxLayout(jsonPage);
    m_json = new QPlainTextEdit;
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setObjectName("specJson");
    jl->addWidget(m_json);
    addTab(jsonPage, tr("JSON"));
    connect(m_json, &QPlainTextEdit::textChanged, this, &SpecForm::jsonEdited);

    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_status->setObjectName("specStatus");
    outer->insertWidget(0, m_status);
    setSpec(Json::object());
    m_pristine = true; // setSpec cleared it; the empty spec is nobody's mistake
    validate();
}

void SpecForm::addField(QFormLayout *form, const QString &label, const QString &path, const QString &kind,
                        const QString &tip)
{
    auto *edit = new QLineEdit;
    edit->setObjectName(path);
    edit->setToolTip(tip);
    form->addRow(label, edit);
    m_fields.push_back({path, kind, edit});
    const std::size_t index = m_fields.size() - 1;
    connect(edit, &QLineEdit::textEdited, this, [this, index] { formEdited(m_fields[index]); });
}

QLineEdit *SpecForm::field(const QString &path) const
{
    for (const auto &f : m_fields)
        if (f.path == path)
            return f.edit;
    return nullptr;
}

bool SpecForm::setSpecText(const QString &text, QString *error)
{
    try {
        setSpec(Json::parse(text.toStdString()));
        return true;
    } catch (const std::exception &e) {
        if (error)
            *error = e.what();
        return false;
    }
}

void SpecForm::setSpec(const Json &spec)
{
    m_pristine = false;
    m_spec = spec;
    m_updating = true;
    m_json->setPlainText(specText());
    m_updating = false;
    fillForm();
    validate();
}

QString SpecForm::specText() const { return QString::fromStdString(m_spec.dump(2)); }

QString SpecForm::kind() const
{
    if (m_spec.is_object() && m_spec.contains("itool_spec") && m_spec.at("itool_spec").is_string())
        return QString::fromStdString(m_spec.at("itool_spec").get<std::string>());
    if (m_spec.is_object() && m_spec.value("kind", Json()) == Json("itool-run"))
        return "run"; // the rounds spec (itool run)
    return {};
}

void SpecForm::fillForm()
{
    m_updating = true;
    for (auto &f : m_fields) {
        QString text;
        bool present = false;
        if (f.path.contains("/*/")) {
            const QStringList parts = f.path.split("/*/");
            Json *list = walk(m_spec, parts[0].split('/'), false);
            if (list && list->is_array()) {
                QStringList values;
                for (auto &item : *list)
                    if (item.is_object() && item.contains(parts[1].toStdString()))
                        values << numberText(item.at(parts[1].toStdString()));
                text = values.join(", ");
                present = true;
            }
        } else if (Json *v = walk(m_spec, f.path.split('/'), false)) {
            present = true;
            if (v->is_string())
                text = QString::fromStdString(v->get<std::string>());
            else if (v->is_number())
                text = numberText(*v);
            else if (v->is_array()) {
                QStringList values;
                for (auto &item : *v)
                    values << (item.is_string() ? QString::fromStdString(item.get<std::string>()) : numberText(item));
                text = values.join(", ");
            }
        }
        f.edit->setText(text);
        // A field this kind of spec does not have stays visible but greyed out.
        f.edit->setEnabled(present || f.path == "checkpoint_every" || f.path == "seed");
    }
    m_updating = false;
}

void SpecForm::formEdited(Field &f)
{
    if (m_updating)
        return;
    m_pristine = false;
    const QString text = f.edit->text().trimmed();
    auto parseNumber = [&](const QString &s) -> Json {
        bool ok = false;
        if (f.kind == "int" || (f.kind == "numbers" && !s.contains('.') && !s.contains('e'))) {
            const long long v = s.toLongLong(&ok);
            if (ok)
                return Json(v);
        }
        const double d = s.toDouble(&ok);
        return ok ? Json(d) : Json(s.toStdString()); // kept as text: the parser names the field
    };
    QStringList items = text.split(',', Qt::SkipEmptyParts);
    for (auto &i : items)
        i = i.trimmed();
    if (f.path.contains("/*/")) {
        const QStringList parts = f.path.split("/*/");
        Json *list = walk(m_spec, parts[0].split('/'), false);
        if (list && list->is_array())
            for (std::size_t i = 0; i < list->size() && int(i) < items.size(); ++i)
                (*list)[i][parts[1].toStdString()] = parseNumber(items[int(i)]);
    } else {
        Json *v = walk(m_spec, f.path.split('/'), true);
        if (f.kind == "string")
            *v = text.toStdString();
        else if (f.kind == "list") {
            *v = Json::array();
            for (const auto &i : items)
                v->push_back(i.toStdString());
        } else if (f.kind == "numbers") {
            *v = Json::array();
            for (const auto &i : items)
                v->push_back(parseNumber(i));
        } else
            *v = parseNumber(text);
    }
    m_updating = true;
    m_json->setPlainText(specText());
    m_updating = false;
    validate();
}

void SpecForm::jsonEdited()
{
    if (m_updating)
        return;
    m_pristine = false;
    try {
        m_spec = Json::parse(m_json->toPlainText().toStdString());
    } catch (const std::exception &e) {
        m_error = tr("Not valid JSON: %1").arg(QString::fromUtf8(e.what()));
        m_status->setText(m_error);
        m_status->setStyleSheet("color: #b00020;");
        emit specChanged();
        return;
    }
    fillForm();
    validate();
}

void SpecForm::validate()
{
    m_error.clear();
    try {
        const QString k = kind();
        if (k == "sft")
            pipeline::sftSpecFromJson(m_spec, "spec");
        else if (k == "decay")
            pipeline::decaySpecFromJson(m_spec, "spec");
        else if (k == "run")
            pipeline::roundSpecFromJson(m_spec, "spec");
        else
            m_error = tr("spec: expected \"itool_spec\": \"sft\" or \"decay\", or \"kind\": \"itool-run\"");
    } catch (const std::exception &e) {
        m_error = QString::fromUtf8(e.what());
    }
    if (m_error.isEmpty()) {
        m_status->setText(tr("Valid %1 spec").arg(kind()));
        m_status->setStyleSheet("color: #1b5e20;");
    } else if (m_pristine) {
        m_status->setText(tr("Choose a preset above, or write a spec in the JSON tab."));
        m_status->setStyleSheet("color: palette(mid);");
    } else {
        m_status->setText(m_error);
        m_status->setStyleSheet("color: #b00020;");
    }
    for (auto &f : m_fields) {
        const bool bad = showsError() && m_error.contains("\"" + f.path.section('/', -1) + "\"");
        f.edit->setStyleSheet(bad ? "background: #ffe0e0;" : "");
    }
    emit specChanged();
}

} // namespace itool::ui
