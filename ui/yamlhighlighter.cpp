// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/yamlhighlighter.h"

#include <QGuiApplication>
#include <QPalette>

namespace kubelab::ui {

YamlHighlighter::YamlHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document)
    , m_key(QStringLiteral(R"(^(\s*-?\s*)([^\s#:'"][^#:]*?|"[^"]*"|'[^']*')\s*:(\s|$))"))
    , m_scalar(QStringLiteral(R"(:\s+(.+?)\s*$|^\s*-\s+([^:]+?)\s*$)"))
{
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    m_keyFormat.setForeground(dark ? QColor(0x56, 0xB4, 0xE9) : QColor(0x00, 0x52, 0x92));
    m_keyFormat.setFontWeight(QFont::DemiBold);
    m_stringFormat.setForeground(dark ? QColor(0xE6, 0xC0, 0x60) : QColor(0x8A, 0x4B, 0x00));
    m_numberFormat.setForeground(dark ? QColor(0xCC, 0x99, 0xC0) : QColor(0x8E, 0x2C, 0x78));
    m_literalFormat.setForeground(dark ? QColor(0x3F, 0xC0, 0x98) : QColor(0x00, 0x7A, 0x58));
    m_commentFormat.setForeground(QColor(0x88, 0x88, 0x88));
    m_commentFormat.setFontItalic(true);
    m_markerFormat.setForeground(QColor(0xD5, 0x5E, 0x00));
    m_markerFormat.setFontWeight(QFont::Bold);
}

void YamlHighlighter::highlightBlock(const QString& text)
{
    if (text.startsWith(QLatin1String("---")) || text.startsWith(QLatin1String("..."))) {
        setFormat(0, int(text.size()), m_markerFormat);
        return;
    }
    // A comment starts at a '#' that begins the line or follows a blank, outside quotes.
    int comment = -1;
    QChar quote;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            quote = c;
        } else if (c == QLatin1Char('#') && (i == 0 || text.at(i - 1).isSpace())) {
            comment = i;
            break;
        }
    }
    const QString code = comment >= 0 ? text.left(comment) : text;
    if (comment >= 0)
        setFormat(comment, int(text.size()) - comment, m_commentFormat);

    const QRegularExpressionMatch key = m_key.match(code);
    if (key.hasMatch())
        setFormat(int(key.capturedStart(2)), int(key.capturedLength(2)), m_keyFormat);
    const QRegularExpressionMatch scalar = m_scalar.match(code);
    if (!scalar.hasMatch())
        return;
    const int group = scalar.capturedStart(1) >= 0 ? 1 : 2;
    const QString value = scalar.captured(group);
    const int start = int(scalar.capturedStart(group));
    static const QRegularExpression number(QStringLiteral(R"(^-?(\d+(\.\d+)?([eE][-+]?\d+)?|0x[0-9a-fA-F]+)$)"));
    static const QRegularExpression literal(
        QStringLiteral(R"(^(true|false|yes|no|on|off|null|~|True|False|TRUE|FALSE|Null|NULL)$)"));
    if (value.startsWith(QLatin1Char('"')) || value.startsWith(QLatin1Char('\'')))
        setFormat(start, int(value.size()), m_stringFormat);
    else if (number.match(value).hasMatch())
        setFormat(start, int(value.size()), m_numberFormat);
    else if (literal.match(value).hasMatch())
        setFormat(start, int(value.size()), m_literalFormat);
    else if (!value.startsWith(QLatin1Char('{')) && !value.startsWith(QLatin1Char('[')) &&
             !value.startsWith(QLatin1Char('|')) && !value.startsWith(QLatin1Char('>')))
        setFormat(start, int(value.size()), m_stringFormat);
}

} // namespace kubelab::ui
