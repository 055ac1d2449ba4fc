// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/inspector.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTextBlock>
#include <QVBoxLayout>

#include "ui/decisionview.h"
#include "ui/yamlhighlighter.h"

namespace kubelab::ui {

namespace {

QPlainTextEdit* monospaceEditor(QWidget* parent, bool readOnly)
{
    auto* editor = new QPlainTextEdit(parent);
    editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor->setReadOnly(readOnly);
    editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    editor->setTabChangesFocus(false);
    return editor;
}

} // namespace

Inspector::Inspector(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("inspector"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_title = new QLabel(this);
    m_title->setTextFormat(Qt::RichText);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);
    m_why = new QLabel(this);
    m_why->setObjectName(QStringLiteral("why"));
    m_why->setWordWrap(true);
    m_why->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_why->setStyleSheet(QStringLiteral("QLabel { background: rgba(230,159,0,40); border: 1px solid #E69F00;"
                                        " border-radius: 4px; padding: 4px; }"));
    m_why->hide();
    layout->addWidget(m_why);

    m_tabs = new QTabWidget(this);
    auto* yamlPage = new QWidget(m_tabs);
    auto* yamlLayout = new QVBoxLayout(yamlPage);
    yamlLayout->setContentsMargins(0, 0, 0, 0);
    m_yaml = monospaceEditor(yamlPage, false);
    m_yaml->setObjectName(QStringLiteral("yamlEditor"));
    m_highlighter = new YamlHighlighter(m_yaml->document());
    yamlLayout->addWidget(m_yaml);
    m_error = new QLabel(yamlPage);
    m_error->setObjectName(QStringLiteral("yamlError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    yamlLayout->addWidget(m_error);
    auto* buttons = new QHBoxLayout;
    m_apply = new QPushButton(yamlPage);
    m_apply->setObjectName(QStringLiteral("applyButton"));
    m_revert = new QPushButton(yamlPage);
    m_delete = new QPushButton(yamlPage);
    m_delete->setObjectName(QStringLiteral("deleteButton"));
    buttons->addWidget(m_apply);
    buttons->addWidget(m_revert);
    buttons->addStretch();
    buttons->addWidget(m_delete);
    yamlLayout->addLayout(buttons);
    m_tabs->addTab(yamlPage, QString());
    m_describe = monospaceEditor(m_tabs, true);
    m_tabs->addTab(m_describe, QString());
    m_events = monospaceEditor(m_tabs, true);
    m_tabs->addTab(m_events, QString());
    m_decision = new DecisionView(m_tabs);
    m_tabs->addTab(m_decision, QString());
    layout->addWidget(m_tabs, 1);

    connect(m_apply, &QPushButton::clicked, this, [this] {
        m_error->hide();
        m_yaml->setExtraSelections({});
        Q_EMIT applyRequested(m_yaml->toPlainText());
    });
    connect(m_revert, &QPushButton::clicked, this, [this] {
        m_yaml->setPlainText(m_current.yaml);
        m_error->hide();
        m_yaml->setExtraSelections({});
    });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        if (m_current.found)
            Q_EMIT deleteRequested(m_current.kind, m_current.ns, m_current.name);
    });
    retranslate();
}

void Inspector::retranslate()
{
    m_tabs->setTabText(0, tr("YAML"));
    m_tabs->setTabText(1, tr("Describe"));
    m_tabs->setTabText(2, tr("Events"));
    m_tabs->setTabText(3, tr("Scheduler"));
    m_tabs->setTabToolTip(3, tr("Why the scheduler placed this pod where it did (klab why): each node's filters and scores"));
    m_apply->setText(tr("Apply"));
    m_apply->setToolTip(tr("Send this manifest to the API server, as kubectl apply -f does (Ctrl+Return)"));
    m_apply->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_revert->setText(tr("Revert"));
    m_delete->setText(tr("Delete"));
    m_delete->setToolTip(tr("Delete this object, as kubectl delete does"));
    if (m_current.name.isEmpty())
        m_title->setText(tr("Select an object on the canvas, or write a manifest below and press Apply."));
    else
        m_title->setText(QStringLiteral("<b>%1</b> %2%3")
                             .arg(m_current.kind.toHtmlEscaped(), m_current.name.toHtmlEscaped(),
                                  m_current.ns.isEmpty()
                                      ? QString()
                                      : QStringLiteral(" <span style='color:gray'>(") + tr("namespace %1").arg(m_current.ns.toHtmlEscaped()) + QStringLiteral(")</span>")));
    m_yaml->setPlaceholderText(tr("apiVersion: v1\nkind: Pod\n..."));
    m_decision->retranslate();
}

void Inspector::showInspection(const Inspection& inspection)
{
    const bool same = inspection.kind == m_current.kind && inspection.ns == m_current.ns &&
                      inspection.name == m_current.name;
    const bool edited = same && m_yaml->toPlainText() != m_current.yaml;
    m_current = inspection;
    if (!edited) {
        m_yaml->setPlainText(inspection.found ? inspection.yaml : QString());
        m_error->hide();
        m_yaml->setExtraSelections({});
    }
    m_describe->setPlainText(inspection.found ? inspection.describe
                                              : tr("%1 %2 no longer exists.").arg(inspection.kind, inspection.name));
    m_events->setPlainText(inspection.events.isEmpty() ? tr("No events.") : inspection.events);
    m_decision->setDecision(inspection.decision, inspection.nominatedNode);
    m_delete->setEnabled(inspection.found && !m_readOnly);
    if (!same && inspection.kind == QLatin1String("Pod") && !inspection.decision.isEmpty())
        showDecision();
    retranslate();
}

void Inspector::showDecision()
{
    m_tabs->setCurrentWidget(m_decision);
}

void Inspector::editManifest(const QString& yaml)
{
    m_current = Inspection{};
    m_yaml->setPlainText(yaml);
    m_describe->clear();
    m_events->clear();
    m_delete->setEnabled(false);
    m_tabs->setCurrentIndex(0);
    retranslate();
}

void Inspector::showPage(int page)
{
    m_tabs->setCurrentIndex(page);
    if (page == 0)
        m_yaml->setFocus(Qt::OtherFocusReason);
}

void Inspector::setWhy(const QString& why)
{
    m_why->setText(why);
    m_why->setVisible(!why.isEmpty());
}

void Inspector::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_yaml->setReadOnly(readOnly);
    m_apply->setEnabled(!readOnly);
    m_delete->setEnabled(!readOnly && m_current.found);
}

int Inspector::lineOfField(const QString& field) const
{
    // `spec.containers[0].image` -> look for `image:` after `containers:` after `spec:`.
    static const QRegularExpression index(QStringLiteral(R"(\[\d+\])"));
    QStringList parts = QString(field).remove(index).split(QLatin1Char('.'), Qt::SkipEmptyParts);
    if (parts.isEmpty())
        return 0;
    const QStringList lines = m_yaml->toPlainText().split(QLatin1Char('\n'));
    int from = 0;
    int found = 0;
    for (const QString& part : parts) {
        const QRegularExpression key(QStringLiteral(R"(^\s*(-\s+)?%1\s*:)").arg(QRegularExpression::escape(part)));
        bool hit = false;
        for (int i = from; i < lines.size(); ++i)
            if (key.match(lines[i]).hasMatch()) {
                found = i + 1;
                from = i + 1;
                hit = true;
                break;
            }
        if (!hit)
            break;
    }
    return found;
}

void Inspector::markError(int line, int column)
{
    QTextBlock block = m_yaml->document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    QTextEdit::ExtraSelection selection;
    selection.format.setBackground(QColor(0xD5, 0x5E, 0x00, 70));
    selection.format.setProperty(QTextFormat::FullWidthSelection, true);
    selection.cursor = QTextCursor(block);
    m_yaml->setExtraSelections({selection});
    QTextCursor cursor(block);
    cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::max(0, column - 1));
    m_yaml->setTextCursor(cursor);
    m_yaml->ensureCursorVisible();
}

void Inspector::showApplyResult(bool ok, const QString& message, int line, int column, const QString& field)
{
    if (ok) {
        m_error->setStyleSheet(QStringLiteral("QLabel { color: #009E73; }"));
        m_error->setText(message);
        m_error->show();
        m_yaml->setExtraSelections({});
        return;
    }
    int at = line;
    if (!field.isEmpty()) {
        if (const int fieldLine = lineOfField(field); fieldLine > 0) {
            at = fieldLine;
            column = 1;
        }
    }
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #D55E00; font-weight: bold; }"));
    // The place is said once, in words: drop kubectl's `error: file:line:column: ` prefix.
    static const QRegularExpression place(QStringLiteral(R"(^error: [^:\n]*:\d+:\d+: )"));
    QString text = message;
    if (at > 0)
        text.remove(place);
    m_error->setText(at > 0 ? tr("Line %1, column %2: %3").arg(at).arg(std::max(1, column)).arg(text) : message);
    m_error->show();
    if (at > 0)
        markError(at, column);
    m_tabs->setCurrentIndex(0);
}

} // namespace kubelab::ui
