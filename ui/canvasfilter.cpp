// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/canvasfilter.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace kubelab::ui {

CanvasFilter::CanvasFilter(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("canvasFilter"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 2, 8, 2);
    m_namespaceLabel = new QLabel(this);
    m_namespace = new QComboBox(this);
    m_namespace->setObjectName(QStringLiteral("namespaceFilter"));
    m_namespace->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_namespace->addItem(QString(), QString());
    m_selectorLabel = new QLabel(this);
    m_selector = new QLineEdit(this);
    m_selector->setObjectName(QStringLiteral("labelFilter"));
    m_selector->setClearButtonEnabled(true);
    m_selector->setMinimumWidth(160);
    m_selector->setMaximumWidth(260);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("filterResult"));
    m_namespaceLabel->setBuddy(m_namespace);
    m_selectorLabel->setBuddy(m_selector);
    layout->addWidget(m_namespaceLabel);
    layout->addWidget(m_namespace);
    layout->addSpacing(12);
    layout->addWidget(m_selectorLabel);
    layout->addWidget(m_selector, 1);
    layout->addWidget(m_result);
    auto emitChange = [this] { Q_EMIT filterChanged(currentNamespace(), selector()); };
    connect(m_namespace, &QComboBox::currentIndexChanged, this, emitChange);
    connect(m_selector, &QLineEdit::textChanged, this, emitChange);
    retranslate();
}

void CanvasFilter::retranslate()
{
    m_namespaceLabel->setText(tr("&Namespace:"));
    m_namespace->setItemText(0, tr("all namespaces"));
    m_namespace->setToolTip(tr("Show only the pods and Services of one namespace; the rest is drawn faint"));
    m_selectorLabel->setText(tr("&Labels:"));
    m_selector->setPlaceholderText(tr("e.g. app=web,tier!=db"));
    m_selector->setToolTip(tr("A label selector as kubectl -l takes it; pods it does not match are drawn faint"));
}

void CanvasFilter::setNamespaces(const QStringList& namespaces)
{
    QStringList current;
    for (int i = 1; i < m_namespace->count(); ++i)
        current << m_namespace->itemData(i).toString();
    if (current == namespaces)
        return;
    const QString selected = currentNamespace();
    const QSignalBlocker block(m_namespace);
    while (m_namespace->count() > 1)
        m_namespace->removeItem(1);
    for (const QString& ns : namespaces)
        m_namespace->addItem(ns, ns);   // no-tr: a namespace's name
    const int index = m_namespace->findData(selected);
    m_namespace->setCurrentIndex(index < 0 ? 0 : index);
    if (index < 0 && !selected.isEmpty())
        Q_EMIT filterChanged(currentNamespace(), selector());
}

void CanvasFilter::showResult(int shownPods, int totalPods, const QString& error)
{
    m_error = error;
    const bool active = !currentNamespace().isEmpty() || !selector().trimmed().isEmpty();
    QPalette pal = m_result->palette();
    pal.setColor(QPalette::WindowText, error.isEmpty() ? palette().color(QPalette::WindowText) : QColor(0xD5, 0x5E, 0x00));
    m_result->setPalette(pal);
    if (!error.isEmpty())
        m_result->setText(tr("Not a label selector: %1").arg(error));
    else if (active)
        m_result->setText(tr("%1 of %n pod(s) shown", nullptr, totalPods).arg(shownPods));
    else
        m_result->clear();
}

QString CanvasFilter::currentNamespace() const
{
    return m_namespace->currentData().toString();
}

QString CanvasFilter::selector() const
{
    return m_selector->text();
}

} // namespace kubelab::ui
