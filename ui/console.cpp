// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/console.h"

#include <algorithm>
#include <vector>

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QVBoxLayout>

#include "core/api/resources.h"
#include "core/cli/cli.h"

namespace kubelab::ui {

namespace {

QString commonPrefix(const QStringList& words)
{
    if (words.isEmpty())
        return {};
    QString prefix = words.front();
    for (const QString& w : words)
        while (!w.startsWith(prefix))
            prefix.chop(1);
    return prefix;
}

} // namespace

Console::Console(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("console"));
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("consoleOutput"));
    m_output->setReadOnly(true);
    m_output->setFont(mono);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setMaximumBlockCount(5000);
    layout->addWidget(m_output, 1);
    auto* row = new QHBoxLayout;
    m_prompt = new QLabel(QStringLiteral("klab>"), this);
    m_prompt->setFont(mono);
    m_input = new QLineEdit(this);
    m_input->setObjectName(QStringLiteral("consoleInput"));
    m_input->setFont(mono);
    m_input->installEventFilter(this);
    row->addWidget(m_prompt);
    row->addWidget(m_input, 1);
    layout->addLayout(row);
    connect(m_input, &QLineEdit::returnPressed, this, &Console::submit);

    for (const cli::Command& c : cli::commandTable()) {
        const QString first = QString::fromUtf8(c.path.data(), qsizetype(c.path.size())).section(QLatin1Char(' '), 0, 0);
        if (!m_verbs.contains(first))
            m_verbs << first;
    }
    for (const core::ResourceInfo& r : core::allResources()) {
        // Plurals, as kubectl's completion offers them, and the short names.
        std::vector<std::string_view> names{r.plural};
        names.insert(names.end(), r.shortNames.begin(), r.shortNames.end());
        for (std::string_view name : names)
            if (!name.empty()) {
                const QString word = QString::fromUtf8(name.data(), qsizetype(name.size()));
                if (!m_kinds.contains(word))
                    m_kinds << word;
            }
    }
    m_verbs.sort();
    m_kinds.sort();
    retranslate();
}

void Console::retranslate()
{
    m_input->setPlaceholderText(tr("Type a command, e.g. get pods -o wide   (Tab completes, Up/Down recalls)"));
    m_prompt->setToolTip(tr("Commands run as klab (kubectl's verbs) against this lab"));
}

void Console::focusPrompt()
{
    m_input->setFocus(Qt::ShortcutFocusReason);
}

void Console::setNames(const QStringList& names)
{
    m_names = names;
}

void Console::setBusy(bool busy)
{
    m_input->setEnabled(!busy);
    if (!busy)
        m_input->setFocus();
}

void Console::submit()
{
    const QString line = m_input->text().trimmed();
    m_input->clear();
    m_historyIndex = -1;
    if (line.isEmpty())
        return;
    if (m_history.isEmpty() || m_history.back() != line)
        m_history << line;
    if (line == QLatin1String("clear")) {
        m_output->clear();
        return;
    }
    setBusy(true);
    Q_EMIT commandEntered(line);
}

void Console::showResult(const QString& line, const QString& out, const QString& err, int exitCode)
{
    QString text = QStringLiteral("klab> ") + line + QLatin1Char('\n') + out;
    if (!err.isEmpty())
        text += err;
    while (text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    m_output->appendPlainText(text);
    if (exitCode != 0 && err.isEmpty())
        m_output->appendPlainText(tr("(exit status %1)").arg(exitCode));
    m_output->verticalScrollBar()->setValue(m_output->verticalScrollBar()->maximum());
    setBusy(false);
}

void Console::note(const QString& text)
{
    m_output->appendPlainText(QStringLiteral("# ") + text);
    m_output->verticalScrollBar()->setValue(m_output->verticalScrollBar()->maximum());
}

QStringList Console::candidates(const QStringList& before, const QString& prefix) const
{
    const QStringList* pool = &m_names;
    if (before.isEmpty())
        pool = &m_verbs;
    else if (before.size() == 1 && !prefix.startsWith(QLatin1Char('-')))
        pool = &m_kinds;
    QStringList out;
    for (const QString& w : *pool)
        if (w.startsWith(prefix))
            out << w;
    out.removeDuplicates();
    return out;
}

void Console::complete()
{
    const QString text = m_input->text().left(m_input->cursorPosition());
    const int start = int(text.lastIndexOf(QLatin1Char(' '))) + 1;
    const QString prefix = text.mid(start);
    const QStringList before = text.left(start).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QStringList found = candidates(before, prefix);
    if (found.isEmpty())
        return;
    QString completion = found.size() == 1 ? found.front() + QLatin1Char(' ') : commonPrefix(found);
    if (found.size() > 1 && completion == prefix) {
        m_output->appendPlainText(found.mid(0, 60).join(QStringLiteral("  ")));
        return;
    }
    const QString rest = m_input->text().mid(m_input->cursorPosition());
    m_input->setText(text.left(start) + completion + rest);
    m_input->setCursorPosition(int(start + completion.size()));
}

bool Console::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Tab) {
            complete();
            return true;
        }
        if (key->key() == Qt::Key_Up && !m_history.isEmpty()) {
            m_historyIndex = m_historyIndex < 0 ? int(m_history.size()) - 1 : std::max(0, m_historyIndex - 1);
            m_input->setText(m_history.at(m_historyIndex));
            return true;
        }
        if (key->key() == Qt::Key_Down && m_historyIndex >= 0) {
            ++m_historyIndex;
            if (m_historyIndex >= m_history.size()) {
                m_historyIndex = -1;
                m_input->clear();
            } else {
                m_input->setText(m_history.at(m_historyIndex));
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace kubelab::ui
