// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/api/error.h"
#include "core/api/language.h"
#include "core/api/object.h"

namespace kubelab::core {

/// A text written in English and Chinese side by side (`{en: ..., zh_CN: ...}`).
/// Chinese falls back to English when a lesson gives only English.
struct LessonText {
    std::string en;
    std::string zh;

    [[nodiscard]] const std::string& in(Language language) const
    {
        return language == Language::Chinese && !zh.empty() ? zh : en;
    }
};

/// How a condition compares the value found with the value the lesson wants.
enum class Comparison { Equals, NotEquals, AtLeast, AtMost, Contains };

/// One condition on an object: a named field (`phase`, `availableReplicas`, `image`, ...,
/// see docs/lessons.md) or a jsonpath (`{.status.phase}`), compared with a value.
struct FieldCondition {
    std::string field;     ///< as written: `availableReplicas`, `labels.app`, or the jsonpath
    std::string jsonPath;  ///< empty for fields evaluated specially (`reason`, `labels.KEY`)
    Comparison comparison = Comparison::Equals;
    std::string value;     ///< the wanted value as text (`3`, `true`, `nginx:1.9.1`)
};

/// A count of matching objects, compared like a field.
struct CountCondition {
    Comparison comparison = Comparison::Equals;
    long long value = 0;
};

/// A declarative check on the cluster state, evaluated by the engine: an object named
/// `name` (or every object matching `selector`) of `kind`, with conditions on its fields,
/// its existence or how many there are.
struct LessonCheck {
    LessonText title;          ///< optional; a description is generated when empty
    std::string kind;          ///< the Kind as Kubernetes spells it (`Deployment`)
    std::string name;
    std::string ns = "default";
    std::string selector;      ///< a label selector (`app=web,tier!=db`)
    bool exists = true;        ///< `exists: false`: the object (or every match) must be gone
    std::optional<CountCondition> count;
    std::vector<FieldCondition> conditions;
    Location location;
};

/// One step: what to read, what to do, hints, and the checks that say it is done.
struct LessonStep {
    LessonText title;
    LessonText text;
    std::vector<LessonText> tasks;
    std::vector<LessonText> hints;
    std::vector<LessonCheck> checks;
};

/// A guided lab: the lab it starts from (a built-in scenario and/or manifests) and its steps.
struct Lesson {
    std::string id;
    std::string topic;
    LessonText title;
    LessonText text;
    std::string scenario;         ///< built-in scenario loaded first; empty for a fresh lab
    std::vector<Json> manifests;  ///< applied after the scenario, in order
    std::vector<LessonStep> steps;
    std::string file;             ///< the file it was read from (messages)
    std::string source;           ///< the lesson file's text (kept in the lab while it runs)
};

/// Whether `parseLesson` reads the manifests named by `lab.files`. A lesson kept in a lab
/// is parsed again without them: its lab is already there.
enum class LabFiles { Read, Skip };

/// Parses a lesson file. Every problem is an `ErrorCode::Parse` error with the file, line
/// and column (`lesson.yaml:12:7: unknown field "phse" in check`). `baseDir` is where
/// `lab.files` are looked up (the lesson's folder). Never throws.
[[nodiscard]] Result<Lesson> parseLesson(std::string_view text, std::string_view fileName,
                                         const std::string& baseDir = {}, LabFiles files = LabFiles::Read);

/// Reads a lesson from a file, or from a folder holding `lesson.yaml` (its manifests beside it).
[[nodiscard]] Result<Lesson> loadLessonFile(const std::string& path);

/// A built-in lesson as compiled in (resources/lessons/*.yaml).
struct LessonSource {
    std::string_view name;
    std::string_view yaml;
};
[[nodiscard]] std::span<const LessonSource> lessonSources();

/// The built-in lessons in syllabus order (the order of their file names).
[[nodiscard]] std::vector<Lesson> builtinLessons();
/// A built-in lesson by id, or a NotFound-style client error naming the known ones.
[[nodiscard]] Result<Lesson> builtinLesson(std::string_view id);

} // namespace kubelab::core
