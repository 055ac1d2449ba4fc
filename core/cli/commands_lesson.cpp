// SPDX-License-Identifier: GPL-3.0-or-later
// Lesson verbs: lesson list, start, status, check, hint, next, validate.
#include <filesystem>
#include <ostream>

#include "core/cli/cli.h"
#include "core/cli/printers.h"
#include "core/lessons/lessoncheck.h"
#include "core/lessons/lessonprogress.h"

namespace kubelab::cli {

using namespace kubelab::core;

namespace {

bool zh(const Context& ctx)
{
    return ctx.language == Language::Chinese;
}

/// The lab's lesson, or an error when none was started (printed, with the exit status).
std::optional<LessonProgress> currentLesson(Context& ctx, int& rc)
{
    auto p = lessonProgress(ctx.engine);
    if (!p) {
        rc = ctx.fail(p.error());
        return std::nullopt;
    }
    if (!*p) {
        ctx.err << "error: no lesson in this lab; start one with 'klab lesson start NAME' (see 'klab lesson list')\n";
        rc = 1;
        return std::nullopt;
    }
    return std::move(**p);
}

std::string stepHeading(const Context& ctx, const LessonProgress& p)
{
    const LessonStep& step = p.lesson.steps[p.step];
    std::string n = std::to_string(p.step + 1);
    std::string total = std::to_string(p.lesson.steps.size());
    return zh(ctx) ? "第 " + n + " 步（共 " + total + " 步）：" + step.title.in(ctx.language)
                   : "Step " + n + " of " + total + ": " + step.title.in(ctx.language);
}

/// A text as written, with a trailing newline and without trailing blank lines.
void printBlock(std::ostream& out, std::string text, const std::string& indent = {})
{
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        out << (line.empty() ? "" : indent) << line << "\n";
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
}

void printStep(Context& ctx, const LessonProgress& p)
{
    const LessonStep& step = p.lesson.steps[p.step];
    ctx.out << stepHeading(ctx, p) << "\n";
    if (!step.text.en.empty()) {
        ctx.out << "\n";
        printBlock(ctx.out, step.text.in(ctx.language));
    }
    if (!step.tasks.empty()) {
        ctx.out << "\n" << (zh(ctx) ? "任务：" : "Tasks:") << "\n";
        for (const LessonText& t : step.tasks) {
            std::string text = t.in(ctx.language);
            ctx.out << "  - ";
            // Continuation lines of a task line up under its first line.
            std::string indented;
            for (char c : text) {
                indented += c;
                if (c == '\n')
                    indented += "    ";
            }
            printBlock(ctx.out, indented);
        }
    }
    ctx.out << "\n"
            << (zh(ctx) ? "完成后运行 'klab lesson check' 检查；需要提示时运行 'klab lesson hint'。"
                        : "Run 'klab lesson check' when done, 'klab lesson hint' for a hint.")
            << "\n";
}

void printStatus(Context& ctx, const LessonProgress& p)
{
    const Lesson& l = p.lesson;
    ctx.out << (zh(ctx) ? "课程：" + l.title.in(ctx.language) + "（" + l.id + "）"
                        : "Lesson: " + l.title.in(ctx.language) + " (" + l.id + ")")
            << "\n";
    std::string total = std::to_string(l.steps.size());
    if (p.complete())
        ctx.out << (zh(ctx) ? "进度：已完成（共 " + total + " 步）" : "Progress: complete (" + total + " steps)") << "\n";
    else
        ctx.out << (zh(ctx) ? "进度：第 " + std::to_string(p.step + 1) + " 步，共 " + total + " 步"
                            : "Progress: step " + std::to_string(p.step + 1) + " of " + total)
                << "\n";
    for (std::size_t i = 0; i < l.steps.size(); ++i) {
        const char* mark = i < p.step ? (zh(ctx) ? "完成" : "done") : i == p.step ? (zh(ctx) ? "当前" : "now ") : "    ";
        ctx.out << "  " << mark << "  " << i + 1 << ". " << l.steps[i].title.in(ctx.language) << "\n";
    }
    ctx.out << "\n";
    if (p.complete()) {
        ctx.out << (zh(ctx) ? "课程已完成。'klab lesson list' 列出其他课程。"
                            : "The lesson is complete. 'klab lesson list' shows the others.")
                << "\n";
        return;
    }
    printStep(ctx, p);
}

/// Prints each check's verdict; returns whether all pass.
bool printChecks(Context& ctx, const LessonProgress& p)
{
    const LessonStep& step = p.lesson.steps[p.step];
    auto results = evaluateStep(ctx.engine, step, ctx.language);
    ctx.out << stepHeading(ctx, p) << "\n";
    std::size_t failed = 0;
    for (const CheckOutcome& r : results) {
        if (r.passed) {
            ctx.out << (zh(ctx) ? "  通过    " : "  PASS  ") << r.description << "\n";
        } else {
            ++failed;
            ctx.out << (zh(ctx) ? "  未通过  " + r.description + "（" + r.reason + "）"
                                : "  FAIL  " + r.description + " (" + r.reason + ")")
                    << "\n";
        }
    }
    std::string n = std::to_string(results.size());
    if (failed == 0 && results.size() == 1)
        ctx.out << (zh(ctx) ? "检查通过。运行 'klab lesson next' 继续。"
                            : "The check passes. Run 'klab lesson next' to go on.")
                << "\n";
    else if (failed == 0)
        ctx.out << (zh(ctx) ? "全部 " + n + " 项检查通过。运行 'klab lesson next' 继续。"
                            : "All " + n + " checks pass. Run 'klab lesson next' to go on.")
                << "\n";
    else
        ctx.out << (zh(ctx) ? n + " 项检查中有 " + std::to_string(failed) + " 项未通过。"
                            : std::to_string(failed) + " of " + n + " checks fail.")
                << "\n";
    return failed == 0;
}

bool looksLikePath(const std::string& arg)
{
    std::error_code ec;
    return arg.find('/') != std::string::npos || arg.ends_with(".yaml") || arg.ends_with(".yml") ||
           std::filesystem::exists(arg, ec);
}

} // namespace

int cmdLessonList(Context& ctx)
{
    if (!ctx.args.empty())
        return ctx.usage("usage: klab lesson list [-o name] [--no-headers]");
    auto lessons = builtinLessons();
    if (auto o = ctx.inv.value("output")) {
        if (*o != "name")
            return ctx.usage("unable to match a printer suitable for the output format \"" + *o +
                             "\", allowed formats are: name");
        for (const Lesson& l : lessons)
            ctx.out << l.id << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> rows;
    if (!ctx.inv.boolean("no-headers"))
        rows.push_back({"NAME", "TOPIC", "TITLE"});
    for (const Lesson& l : lessons)
        rows.push_back({l.id, l.topic, l.title.in(ctx.language)});
    ctx.out << tabulate(rows);
    return 0;
}

int cmdLessonValidate(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.usage("usage: klab lesson validate FILE|DIR");
    auto lesson = loadLessonFile(ctx.args[0]);
    if (!lesson)
        return ctx.fail(lesson.error());
    std::size_t checks = 0;
    for (const LessonStep& s : lesson->steps)
        checks += s.checks.size();
    ctx.out << "lesson " << lesson->id << " is valid: " << lesson->steps.size() << " steps, " << checks
            << " checks, " << lesson->manifests.size() << " manifests"
            << (lesson->scenario.empty() ? "" : " on scenario " + lesson->scenario) << "\n";
    return 0;
}

int cmdLessonStart(Context& ctx)
{
    if (ctx.args.size() != 1)
        return ctx.usage("usage: klab lesson start NAME|FILE|DIR");
    auto lesson = looksLikePath(ctx.args[0]) ? loadLessonFile(ctx.args[0]) : builtinLesson(ctx.args[0]);
    if (!lesson)
        return ctx.fail(lesson.error());
    if (auto s = startLesson(ctx.engine, *lesson); !s)
        return ctx.fail(s.error());
    ctx.out << (zh(ctx) ? "课程 " + lesson->id + " 已在 " + ctx.engine.lab().path() + " 中开始。"
                        : "lesson " + lesson->id + " started in " + ctx.engine.lab().path())
            << "\n\n";
    if (!lesson->text.en.empty()) {
        printBlock(ctx.out, lesson->text.in(ctx.language));
        ctx.out << "\n";
    }
    printStatus(ctx, LessonProgress{*lesson, 0, 0});
    return 0;
}

int cmdLessonStatus(Context& ctx)
{
    if (!ctx.args.empty())
        return ctx.usage("usage: klab lesson status");
    int rc = 0;
    auto p = currentLesson(ctx, rc);
    if (!p)
        return rc;
    printStatus(ctx, *p);
    return 0;
}

int cmdLessonCheck(Context& ctx)
{
    if (!ctx.args.empty())
        return ctx.usage("usage: klab lesson check");
    int rc = 0;
    auto p = currentLesson(ctx, rc);
    if (!p)
        return rc;
    if (p->complete()) {
        ctx.out << (zh(ctx) ? "课程已完成。" : "The lesson is complete.") << "\n";
        return 0;
    }
    return printChecks(ctx, *p) ? 0 : 1;
}

int cmdLessonHint(Context& ctx)
{
    if (!ctx.args.empty())
        return ctx.usage("usage: klab lesson hint");
    int rc = 0;
    auto p = currentLesson(ctx, rc);
    if (!p)
        return rc;
    if (p->complete()) {
        ctx.out << (zh(ctx) ? "课程已完成。" : "The lesson is complete.") << "\n";
        return 0;
    }
    const auto& hints = p->lesson.steps[p->step].hints;
    if (hints.empty()) {
        ctx.out << (zh(ctx) ? "这一步没有提示。" : "This step has no hints.") << "\n";
        return 0;
    }
    // Each call shows one more hint; once all are shown, all of them again.
    std::size_t upTo = std::min(p->hintsShown + 1, hints.size());
    for (std::size_t i = 0; i < upTo; ++i) {
        std::string n = std::to_string(i + 1) + "/" + std::to_string(hints.size());
        ctx.out << (zh(ctx) ? "提示 " + n + "：" : "Hint " + n + ": ");
        std::string text;
        for (char c : hints[i].in(ctx.language))
            text += c == '\n' ? std::string("\n  ") : std::string(1, c);
        printBlock(ctx.out, text);
    }
    p->hintsShown = upTo;
    saveLessonProgress(ctx.engine, *p);
    return 0;
}

int cmdLessonNext(Context& ctx)
{
    if (!ctx.args.empty())
        return ctx.usage("usage: klab lesson next");
    int rc = 0;
    auto p = currentLesson(ctx, rc);
    if (!p)
        return rc;
    if (p->complete()) {
        ctx.out << (zh(ctx) ? "课程已完成。" : "The lesson is complete.") << "\n";
        return 0;
    }
    auto results = evaluateStep(ctx.engine, p->lesson.steps[p->step], ctx.language);
    bool all = std::all_of(results.begin(), results.end(), [](const CheckOutcome& r) { return r.passed; });
    if (!all) {
        printChecks(ctx, *p);
        ctx.err << (zh(ctx) ? "error: 这一步的检查还没有全部通过" : "error: this step's checks do not pass yet") << "\n";
        return 1;
    }
    ++p->step;
    p->hintsShown = 0;
    saveLessonProgress(ctx.engine, *p);
    if (p->complete()) {
        ctx.out << (zh(ctx) ? "课程完成：" + p->lesson.title.in(ctx.language) + "。做得好！"
                            : "Lesson complete: " + p->lesson.title.in(ctx.language) + ". Well done!")
                << "\n";
        return 0;
    }
    printStep(ctx, *p);
    return 0;
}

} // namespace kubelab::cli
