// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/api/error.h"
#include "core/server/certificates.h"
#include "core/server/handlers.h"
#include "core/server/http.h"
#include "core/server/tls.h"
#include "core/sim/engine.h"

namespace kubelab::core::server {

struct ServerOptions {
    std::string address = "127.0.0.1";
    int port = 6443; ///< 0: any free port (tests)
    /// Answer clients that are not on this machine (refused with 403 otherwise).
    bool allowRemote = false;
    /// kube-apiserver's limit for a request body (3 MiB); larger ones get 413.
    std::size_t maxBodyBytes = 3 * 1024 * 1024;
    /// Virtual seconds per wall-clock second (1: the lab's clock follows the wall clock).
    double speed = 1.0;
    /// Move the lab's clock between requests (`speed`). Off when the window serves: its
    /// speed control (pause, 1×, 10×, 100×) moves the clock.
    bool driveClock = true;
    /// HTTPS with this serving certificate; client certificates are verified against
    /// `clientCa` (PEM) and authenticate their CN/O. Unset: plain HTTP.
    struct Tls {
        KeyPair serving;
        std::string clientCa;
    };
    std::optional<Tls> tls;
    /// A watch without `timeoutSeconds` ends after a random time between this and twice
    /// this (kube-apiserver's --min-request-timeout, 1800 s), as the watch handler does.
    std::chrono::milliseconds minRequestTimeout{std::chrono::seconds(1800)};
    /// How often a watch with `allowWatchBookmarks` gets a BOOKMARK (the watch cache's
    /// bookmark frequency, one minute of wall time); tests shorten it.
    std::chrono::milliseconds bookmarkInterval{std::chrono::minutes(1)};
};

/// The lab's API server on a socket: HTTP/1.1 (plain, or over TLS) on loopback,
/// keep-alive, chunked watch streams, one thread (the engine's). Between requests the engine's clock
/// follows the wall clock (times `speed`) so controllers, the scheduler and kubelets
/// work as in a running cluster; every step is committed to the lab file, so another
/// `klab` process reads what the server did.
class ApiHttpServer final {
public:
    ApiHttpServer(Engine& engine, ServerOptions options);
    ~ApiHttpServer();
    ApiHttpServer(const ApiHttpServer&) = delete;
    ApiHttpServer& operator=(const ApiHttpServer&) = delete;

    /// Binds and listens. After it, `port()` is the port (the chosen one for port 0).
    [[nodiscard]] Status listen();
    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] std::string url() const;

    /// One round: waits for socket activity at most `timeoutMs`, answers complete
    /// requests, moves the clock, commits, and sends watch events.
    void poll(int timeoutMs);
    /// Polls until `stop` is set.
    void run(const std::atomic<bool>& stop);

private:
    struct Connection;

    void accept();
    void readFrom(Connection& c);
    void respond(Connection& c, const HttpRequest& request);
    void startWatch(Connection& c, WatchRequest watch);
    void onStoreEvent(const WatchEvent& event);
    void tick();
    void commitOrRollback(bool ok);

    void flush(Connection& c);
    void serveBuffered(Connection& c);
    /// The frames of an upgraded `kubectl exec` connection.
    void serveExec(Connection& c);
    void pumpLogs();
    void pumpWatches();
    /// The cacher's nextBookmarkTime: a minute on, or 2 s before the watch's deadline if
    /// that is sooner; none once that has passed.
    [[nodiscard]] std::optional<std::chrono::steady_clock::time_point>
    nextBookmark(std::chrono::steady_clock::time_point now, std::chrono::steady_clock::time_point deadline) const;
    /// Ends a watch or log stream (the last chunk); the connection serves requests again.
    void endStream(Connection& c);

    Engine& m_engine;
    ServerOptions m_options;
    std::shared_ptr<TlsContext> m_tls;
    ApiHandler m_handler;
    int m_listenFd = -1;
    int m_port = 0;
    std::vector<std::unique_ptr<Connection>> m_connections;
    int m_watcherId = 0;
    std::chrono::steady_clock::time_point m_lastTick;
    double m_carryMs = 0;
    std::mt19937_64 m_random{std::random_device{}()};
};

} // namespace kubelab::core::server
