// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/timeline.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTimer>

#include "scenes/labsnapshot.h"

namespace kubelab::ui {

Timeline::Timeline(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("timeline"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("timelineSlider"));
    m_slider->setRange(0, 0);
    m_label = new QLabel(this);
    m_label->setMinimumWidth(220);
    m_now = new QPushButton(this);
    m_now->setObjectName(QStringLiteral("nowButton"));
    m_now->setEnabled(false);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_label);
    layout->addWidget(m_now);
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(30);
    connect(m_debounce, &QTimer::timeout, this, [this] {
        const qint64 revision = m_slider->value();
        m_live = revision >= m_last;
        m_now->setEnabled(!m_live);
        Q_EMIT scrubbed(m_live ? 0 : revision);
    });
    connect(m_slider, &QSlider::valueChanged, this, [this] {
        if (!m_setting)
            m_debounce->start();
    });
    connect(m_now, &QPushButton::clicked, this, &Timeline::goToNow);
    retranslate();
}

void Timeline::retranslate()
{
    m_now->setText(tr("Now"));
    m_now->setToolTip(tr("Back to the present (the lab runs again)"));
    m_slider->setToolTip(tr("Every change to the cluster is a revision: drag back to see the past"));
    setShown(m_shownRevision, m_shownTime, !m_live);
}

void Timeline::setRange(qint64 first, qint64 last)
{
    m_first = first;
    m_last = last;
    m_setting = true;
    m_slider->setRange(int(first), int(last));
    if (m_live)
        m_slider->setValue(int(last));
    m_setting = false;
}

void Timeline::setShown(qint64 revision, qint64 virtualTimeMs, bool past)
{
    m_shownRevision = revision;
    m_shownTime = virtualTimeMs;
    const QString when = scenes::formatClock(virtualTimeMs);
    m_label->setText(past ? tr("Past: revision %1 at %2 (read only)").arg(revision).arg(when)
                          : tr("Now: revision %1 at %2").arg(revision).arg(when));
    m_label->setStyleSheet(past ? QStringLiteral("QLabel { color: #D55E00; font-weight: bold; }") : QString());
}

void Timeline::goToNow()
{
    m_live = true;
    m_now->setEnabled(false);
    m_setting = true;
    m_slider->setValue(int(m_last));
    m_setting = false;
    Q_EMIT scrubbed(0);
}

} // namespace kubelab::ui
