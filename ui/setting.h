#pragma once
// Typed settings over QSettings: one object per key names its type and default, so that a
// key is spelled once and read back as the type it was written with.
#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace itool::ui {

template<typename T>
class Setting
{
public:
    Setting(QString key, T defaultValue)
        : m_key(std::move(key))
        , m_default(std::move(defaultValue))
    {}
    T value() const
    {
        const QVariant v = QSettings().value(m_key);
        return v.isValid() && v.canConvert<T>() ? v.value<T>() : m_default;
    }
    void setValue(const T &value) const { QSettings().setValue(m_key, QVariant::fromValue(value)); }
    void reset() const { QSettings().remove(m_key); }
    const QString &key() const { return m_key; }

private:
    QString m_key;
    T m_default;
};

namespace settings {
inline const Setting<QStringList> recentWorkspaces{QStringLiteral("workspace/recent"), {}};
inline const Setting<QString> lastWorkspace{QStringLiteral("workspace/last"), {}};
inline const Setting<QString> lastImportDir{QStringLiteral("import/lastDir"), {}};
inline const Setting<QByteArray> windowGeometry{QStringLiteral("window/geometry"), {}};
inline const Setting<QByteArray> windowState{QStringLiteral("window/state"), {}};
inline const Setting<int> maxRecentWorkspaces{QStringLiteral("workspace/maxRecent"), 8};
} // namespace settings

} // namespace itool::ui
