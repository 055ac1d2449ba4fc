// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/api/object.h"
#include "core/server/spdy.h"

namespace kubelab::core {
class Engine;
}

namespace kubelab::core::server {

/// What a `pods/exec` request asks for (PodExecOptions from its query).
struct ExecRequest {
    ObjectKey pod;
    std::string container;
    std::vector<std::string> command;
    bool input = false;  ///< `stdin`
    bool output = false; ///< `stdout`
    bool errors = false; ///< `stderr`
    bool tty = false;
};

/// The protocol kubectl exec speaks over the upgraded connection, the newest the lab serves.
inline constexpr const char* kRemoteCommandProtocol = "v4.channel.k8s.io";

/// The kubelet's end of `kubectl exec` (remotecommand, protocol v4.channel.k8s.io, over
/// SPDY/3.1; pkg/kubelet/cri/streaming/remotecommand): the client opens one stream per
/// channel (`error`, `stdin`, `stdout`, `stderr`, `resize`), each is answered; once all
/// the request asked for are open, the command runs as `klab exec` simulates it
/// (net::execInPod) and its output goes to stdout and stderr (with a TTY, both to stdout
/// with "\r\n" line ends, as a terminal's line discipline writes them). A shell with stdin
/// (`kubectl exec -it POD -- sh`) reads command lines from stdin and runs each, with a
/// prompt and echo when there is a TTY, until `exit`, Ctrl-D or the end of stdin. The end
/// is a Status on the error stream: Success, or NonZeroExitCode with the exit code, which
/// kubectl prints as `command terminated with exit code N`.
class RemoteCommand final {
public:
    explicit RemoteCommand(ExecRequest request);

    /// The client's bytes (consumed) and what to send back (appended to `out`). False once
    /// the session is over: the connection closes after `out` is sent.
    [[nodiscard]] bool receive(Engine& engine, std::string& in, std::string& out);

private:
    void start(Engine& engine, std::string& out);
    /// Stdin of an interactive shell: the characters typed (TTY) or lines piped in.
    void typed(Engine& engine, std::string_view bytes, std::string& out);
    void runLine(Engine& engine, const std::string& line, std::string& out);
    void write(std::string& out, std::string_view text, bool toStderr);
    void prompt(std::string& out);
    void finish(int exitCode, std::string& out);

    ExecRequest m_request;
    SpdyFramer m_framer;
    std::optional<std::uint32_t> m_error, m_stdin, m_stdout, m_stderr, m_resize;
    bool m_started = false;
    bool m_done = false;
    bool m_shell = false; ///< an interactive shell: stdin carries command lines
    std::string m_line;   ///< the shell's line being typed
    int m_lastExit = 0;
    std::uint32_t m_lastStream = 0;
    std::string m_prompt;
    int m_escape = 0;     ///< inside an escape sequence (arrow keys): bytes still to skip
};

} // namespace kubelab::core::server
