// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace kubelab::ui {

/// A lesson text in English and Chinese, as the lesson file writes it side by side.
struct LessonWords {
    QString en;
    QString zh;
    /// The Chinese text when `chinese` and the lesson gives one, else the English.
    [[nodiscard]] const QString& in(bool chinese) const { return chinese && !zh.isEmpty() ? zh : en; }
};

/// One built-in lesson in the lesson list.
struct LessonEntry {
    QString id;
    QString topic;
    LessonWords title;
};

/// The verdict of one check (`klab lesson check`'s PASS/FAIL line), in both languages.
struct LessonCheckVerdict {
    bool passed = false;
    LessonWords description;
    LessonWords reason;
};

/// The lab's lesson as the lesson panel shows it: the same progress `klab lesson status`
/// reads from the lab, the current step's texts, the hints shown so far and, after a
/// check, each check's verdict. Plain values, sent by the engine worker.
struct LessonState {
    bool active = false;             ///< a lesson runs in this lab
    QString id;
    LessonWords title;
    LessonWords text;                ///< the lesson's introduction
    int step = 0;                    ///< the current step (0-based); `steps` when complete
    int steps = 0;
    QList<LessonWords> stepTitles;
    LessonWords stepText;
    QList<LessonWords> tasks;
    QList<LessonWords> hints;        ///< the hints shown so far
    int hintCount = 0;               ///< hints the step has
    bool checked = false;            ///< `checks` holds a verdict of the current step
    QList<LessonCheckVerdict> checks;
    bool nextRefused = false;        ///< Next was asked for while a check fails
    QString error;                   ///< why the last lesson command failed (English, as klab prints it)

    [[nodiscard]] bool complete() const { return active && step >= steps; }
    [[nodiscard]] bool passed() const
    {
        if (!checked)
            return false;
        for (const LessonCheckVerdict& c : checks)
            if (!c.passed)
                return false;
        return true;
    }
};

} // namespace kubelab::ui

Q_DECLARE_METATYPE(kubelab::ui::LessonState)
Q_DECLARE_METATYPE(kubelab::ui::LessonEntry)
