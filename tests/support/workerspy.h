// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// QSignalSpy records a signal on the thread that emits it: watching the engine worker, it
// would append to its list on the worker's thread while the test reads the list on its own
// (a race ThreadSanitizer reports). WorkerSpy records the signal on the test's thread,
// through a queued connection, and reads like a QSignalSpy: one list of arguments per call,
// and wait().

#include <QList>
#include <QObject>
#include <QTest>
#include <QVariant>

class WorkerSpy final : public QObject, public QList<QList<QVariant>> {
public:
    template <typename Sender, typename Signal>
    WorkerSpy(const Sender* sender, Signal signal)
    {
        connect(sender, signal, this,
                [this](const auto&... args) { append(QList<QVariant>{QVariant::fromValue(args)...}); },
                Qt::QueuedConnection);
    }

    /// Waits until the signal arrives once more, for at most `timeoutMs`.
    bool wait(int timeoutMs = 5000)
    {
        const qsizetype before = size();
        return QTest::qWaitFor([&] { return size() > before; }, timeoutMs);
    }
};
