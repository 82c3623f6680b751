#pragma once
// A job spec editor: a form of the common fields (run folder, data, model size, optimizer,
// curriculum steps or decay fractions/seeds) and the raw JSON, kept in sync both ways. The
// JSON is the truth: the form edits fields inside it (unknown fields are kept), and an edit
// of the JSON text refills the form. Every change is checked with the engine's own spec
// parser (sftSpecFromJson / decaySpecFromJson), whose message names the field at fault.
// What it is not: the job runner (TrainingPane) or the parser.
#include "core/common/json.h"

#include <QTabWidget>

#include <vector>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QFormLayout;

namespace itool::ui {

class SpecForm : public QTabWidget
{
    Q_OBJECT
public:
    explicit SpecForm(QWidget *parent = nullptr);

    // Loads a spec (fills both tabs); returns false with error set when the text is not JSON.
    bool setSpecText(const QString &text, QString *error = nullptr);
    void setSpec(const Json &spec);
    const Json &spec() const { return m_spec; }
    QString specText() const;
    // "sft" or "decay" (the spec's itool_spec), empty when unknown.
    QString kind() const;
    // Empty when the engine accepts the spec, else its message.
    QString validationError() const { return m_error; }
    bool valid() const { return m_error.isEmpty(); }
    // Whether the status line shows the error (in red, fields tinted). A new form holds an
    // empty spec and shows a neutral hint instead: errors appear once a spec is loaded or
    // the person edits.
    bool showsError() const { return !m_error.isEmpty() && !m_pristine; }

    // The form field showing a JSON path such as "optimizer/lr" (tests, screenshots).
    QLineEdit *field(const QString &path) const;
    QPlainTextEdit *jsonEdit() const { return m_json; }

signals:
    void specChanged();

private:
    struct Field
    {
        QString path;  // "a/b" inside the spec; "curriculum/*/steps" = every stage, comma list
        QString kind;  // "string", "int", "number", "list" (comma-separated strings), "numbers"
        QLineEdit *edit = nullptr;
    };
    void addField(QFormLayout *form, const QString &label, const QString &path, const QString &kind,
                  const QString &tip);
    void fillForm();
    void formEdited(Field &field);
    void jsonEdited();
    void validate();

    Json m_spec = Json::object();
    QString m_error;
    std::vector<Field> m_fields;
    QPlainTextEdit *m_json;
    QLabel *m_status;
    bool m_updating = false;
    bool m_pristine = true; // nothing loaded or edited yet
};

} // namespace itool::ui
