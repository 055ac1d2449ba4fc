// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/remotecommand.h"

#include "core/network/podexec.h"
#include "core/sim/engine.h"

namespace kubelab::core::server {

namespace {

std::string baseName(const std::string& path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string joined(const std::vector<std::string>& words)
{
    std::string out;
    for (const std::string& w : words)
        out += (out.empty() ? "" : " ") + w;
    return out;
}

} // namespace

RemoteCommand::RemoteCommand(ExecRequest request) : m_request(std::move(request))
{
    const std::string program = m_request.command.empty() ? "" : baseName(m_request.command.front());
    m_shell = m_request.input && m_request.command.size() == 1 &&
              (program == "sh" || program == "ash" || program == "bash");
    // busybox's ash shows the working directory; bash (nginx, debian images) user@host.
    m_prompt = program == "bash" ? "root@" + m_request.pod.name + ":/# " : "/ # ";
}

bool RemoteCommand::receive(Engine& engine, std::string& in, std::string& out)
{
    auto frames = m_framer.read(in);
    if (!frames)
        return false;
    for (SpdyFrame& f : *frames) {
        switch (f.type) {
        case SpdyFrame::Type::SynStream: {
            m_lastStream = f.stream;
            const std::string type = f.headers.contains("streamtype") ? f.headers["streamtype"] : "";
            if (type == "error")
                m_error = f.stream;
            else if (type == "stdin")
                m_stdin = f.stream;
            else if (type == "stdout")
                m_stdout = f.stream;
            else if (type == "stderr")
                m_stderr = f.stream;
            else if (type == "resize")
                m_resize = f.stream;
            out += m_framer.synReply(f.stream);
            break;
        }
        case SpdyFrame::Type::Data:
            if (m_started && !m_done && m_stdin && f.stream == *m_stdin) {
                if (m_shell)
                    typed(engine, f.data, out);
                // The end of stdin ends a shell reading piped lines (`echo ... | kubectl exec -i`).
                if ((f.flags & SpdyFramer::kFlagFin) && m_shell && !m_done) {
                    if (!m_line.empty())
                        runLine(engine, std::exchange(m_line, {}), out);
                    if (!m_done)
                        finish(m_lastExit, out);
                }
            }
            break; // resize events: the lab's commands do not care about the window size
        case SpdyFrame::Type::Ping:
            out += SpdyFramer::ping(f.stream);
            break;
        case SpdyFrame::Type::RstStream:
        case SpdyFrame::Type::GoAway:
            return false; // the client went away (Ctrl+C in kubectl)
        default:
            break;
        }
    }
    if (!m_started && m_error && (!m_request.input || m_stdin) && (!m_request.output || m_stdout) &&
        (!m_request.errors || m_stderr) && (!m_request.tty || m_resize)) {
        m_started = true;
        start(engine, out);
    }
    return !m_done;
}

void RemoteCommand::start(Engine& engine, std::string& out)
{
    if (m_shell) {
        if (m_request.tty)
            prompt(out);
        return;
    }
    ObjectPtr pod = engine.get(m_request.pod);
    if (!pod || !net::containerRunning(*pod, m_request.container))
        return finish(137, out);
    const net::ExecResult r = net::execInPod(engine, *pod, m_request.container, m_request.command);
    write(out, r.out, false);
    write(out, r.err, true);
    finish(r.exitCode, out);
}

void RemoteCommand::typed(Engine& engine, std::string_view bytes, std::string& out)
{
    if (!m_request.tty) {
        for (char c : bytes) {
            if (m_done)
                return;
            if (c == '\n')
                runLine(engine, std::exchange(m_line, {}), out);
            else
                m_line += c;
        }
        return;
    }
    // A terminal in raw mode: the shell's line editing echoes what is typed.
    for (char c : bytes) {
        if (m_done)
            return;
        if (m_escape > 0) {
            // ESC [ X: the cursor keys; history and cursor movement are not simulated.
            --m_escape;
            continue;
        }
        switch (c) {
        case '\x1b':
            m_escape = 2;
            break;
        case '\r':
        case '\n':
            write(out, "\n", false);
            runLine(engine, std::exchange(m_line, {}), out);
            if (!m_done)
                prompt(out);
            break;
        case '\x7f':
        case '\b':
            if (!m_line.empty()) {
                m_line.pop_back();
                write(out, "\b \b", false);
            }
            break;
        case '\x03': // Ctrl+C: the line is dropped
            m_line.clear();
            write(out, "^C\n", false);
            prompt(out);
            break;
        case '\x04': // Ctrl+D on an empty line: end of input, the shell exits
            if (m_line.empty()) {
                write(out, "\n", false);
                finish(m_lastExit, out);
            }
            break;
        default:
            if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') {
                m_line += c;
                out += SpdyFramer::data(*m_stdout, std::string_view(&c, 1), false);
            }
        }
    }
}

void RemoteCommand::runLine(Engine& engine, const std::string& line, std::string& out)
{
    const std::string text = line.substr(0, line.find_last_not_of(" \t\r") + 1);
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return;
    const std::string command = text.substr(first);
    if (command == "exit" || command.starts_with("exit ")) {
        int code = m_lastExit;
        if (command.size() > 5) {
            try {
                code = std::stoi(command.substr(5)) & 0xff;
            } catch (...) {
                code = 2;
            }
        }
        return finish(code, out);
    }
    ObjectPtr pod = engine.get(m_request.pod);
    if (!pod || !net::containerRunning(*pod, m_request.container))
        return finish(137, out); // the container was killed under the shell
    const net::ExecResult r = net::execInPod(engine, *pod, m_request.container, {"sh", "-c", command});
    write(out, r.out, false);
    write(out, r.err, true);
    m_lastExit = r.exitCode;
}

void RemoteCommand::write(std::string& out, std::string_view text, bool toStderr)
{
    if (text.empty())
        return;
    if (m_request.tty) {
        // With a TTY there is one output stream, and the line discipline turns "\n" into "\r\n".
        if (!m_stdout)
            return;
        std::string crlf;
        for (char c : text) {
            if (c == '\n')
                crlf += '\r';
            crlf += c;
        }
        out += SpdyFramer::data(*m_stdout, crlf, false);
        return;
    }
    const std::optional<std::uint32_t>& stream = toStderr ? m_stderr : m_stdout;
    if (stream)
        out += SpdyFramer::data(*stream, text, false);
}

void RemoteCommand::prompt(std::string& out)
{
    if (m_stdout)
        out += SpdyFramer::data(*m_stdout, m_prompt, false);
}

void RemoteCommand::finish(int exitCode, std::string& out)
{
    // The v4 error stream: a Status (remotecommand's v4WriteStatusFunc; the message is the
    // runtime's exit error, which kubectl does not print).
    Json status = Json{{"metadata", Json::object()}, {"status", "Success"}};
    if (exitCode != 0)
        status = Json{{"metadata", Json::object()},
                      {"status", "Failure"},
                      {"message", "command terminated with non-zero exit code: error executing command [" +
                                      joined(m_request.command) + "], exit code " + std::to_string(exitCode)},
                      {"reason", "NonZeroExitCode"},
                      {"details", Json{{"causes", Json::array({Json{{"reason", "ExitCode"},
                                                                   {"message", std::to_string(exitCode)}}})}}}};
    if (m_error)
        out += SpdyFramer::data(*m_error, status.dump(), true);
    for (const auto& stream : {m_stdout, m_stderr})
        if (stream)
            out += SpdyFramer::data(*stream, {}, true);
    out += SpdyFramer::goAway(m_lastStream);
    m_done = true;
}

} // namespace kubelab::core::server
