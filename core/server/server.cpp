// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/server.h"

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "core/server/table.h"

namespace kubelab::core::server {

struct ApiHttpServer::Connection {
    int fd = -1;
    std::string in;   ///< HTTP bytes received, not yet parsed
    std::string out;  ///< HTTP bytes to send
    std::string wire; ///< bytes for the socket (`out`, encrypted over TLS)
    std::unique_ptr<TlsSession> tls;
    HttpParser parser;
    bool closeAfterWrite = false;
    bool remote = false;
    std::optional<WatchRequest> watch;
    std::chrono::steady_clock::time_point watchDeadline;
    std::optional<std::chrono::steady_clock::time_point> bookmarkAt;
    std::optional<LogFollow> follow;
    std::unique_ptr<RemoteCommand> exec; ///< upgraded to kubectl exec's SPDY streams

    [[nodiscard]] bool streaming() const { return watch || follow || exec; }

    explicit Connection(std::size_t maxBody) : parser(maxBody) {}
};

namespace {

bool isLoopback(const sockaddr_storage& addr)
{
    if (addr.ss_family == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
        return (ntohl(a->sin_addr.s_addr) >> 24) == 127;
    }
    if (addr.ss_family == AF_INET6) {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
        if (IN6_IS_ADDR_LOOPBACK(&a->sin6_addr))
            return true;
        if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr))
            return a->sin6_addr.s6_addr[12] == 127;
    }
    return false;
}

/// Longer timeouts are cut to about 30 years (the clock's arithmetic stays in range).
constexpr std::int64_t kMaxTimeoutSeconds = 1'000'000'000;

/// The first bytes of a plain HTTP request (a TLS connection starts with a handshake
/// record, byte 0x16).
bool looksLikePlainHttp(std::string_view data)
{
    for (std::string_view method : {"GET ", "POST ", "PUT ", "PATCH ", "DELETE ", "HEAD ", "OPTIONS "})
        if (data.starts_with(method))
            return true;
    return false;
}

std::string_view eventTypeName(WatchEventType t)
{
    switch (t) {
    case WatchEventType::Added: return "ADDED";
    case WatchEventType::Modified: return "MODIFIED";
    case WatchEventType::Deleted: return "DELETED";
    }
    return "MODIFIED";
}

} // namespace

ApiHttpServer::ApiHttpServer(Engine& engine, ServerOptions options)
    : m_engine(engine), m_options(std::move(options)), m_handler(engine, "")
{
    m_watcherId = m_engine.addWatcher([this](const WatchEvent& e) { onStoreEvent(e); });
}

ApiHttpServer::~ApiHttpServer()
{
    m_engine.removeWatcher(m_watcherId);
    for (auto& c : m_connections)
        ::close(c->fd);
    if (m_listenFd >= 0)
        ::close(m_listenFd);
}

std::string ApiHttpServer::url() const
{
    return std::string(m_options.tls ? "https://" : "http://") + m_options.address + ":" + std::to_string(m_port);
}

Status ApiHttpServer::listen()
{
    if (m_options.tls) {
        auto context = TlsContext::create(m_options.tls->serving, m_options.tls->clientCa);
        if (!context)
            return fail(context.error());
        m_tls = std::move(*context);
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(m_options.port));
    if (::inet_pton(AF_INET, m_options.address.c_str(), &addr.sin_addr) != 1)
        return fail(ErrorCode::Usage, "invalid --address \"" + m_options.address + "\": an IPv4 address is expected");
    m_listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_listenFd < 0)
        return fail(ErrorCode::Client, std::string("socket: ") + std::strerror(errno));
    int one = 1;
    ::setsockopt(m_listenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(m_listenFd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        return fail(ErrorCode::Client, "failed to listen on " + m_options.address + ":" +
                                           std::to_string(m_options.port) + ": " + std::strerror(errno));
    if (::listen(m_listenFd, 64) != 0)
        return fail(ErrorCode::Client, std::string("listen: ") + std::strerror(errno));
    socklen_t len = sizeof addr;
    ::getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_lastTick = std::chrono::steady_clock::now();
    return {};
}

void ApiHttpServer::run(const std::atomic<bool>& stop)
{
    while (!stop.load())
        poll(100);
}

void ApiHttpServer::poll(int timeoutMs)
{
    std::vector<pollfd> fds;
    fds.push_back(pollfd{m_listenFd, POLLIN, 0});
    for (auto& c : m_connections)
        fds.push_back(pollfd{c->fd, static_cast<short>(POLLIN | (c->wire.empty() ? 0 : POLLOUT)), 0});
    int n = ::poll(fds.data(), fds.size(), timeoutMs);
    if (n > 0) {
        if (fds[0].revents & POLLIN)
            accept();
        for (std::size_t i = 1; i < fds.size(); ++i) {
            Connection& c = *m_connections[i - 1];
            if (fds[i].revents & (POLLIN | POLLHUP | POLLERR))
                readFrom(c);
        }
    }
    tick();
    pumpLogs();
    pumpWatches();
    // Write what is pending; drop closed connections.
    for (auto& c : m_connections) {
        if (c->fd < 0)
            continue;
        flush(*c);
        while (!c->wire.empty() && c->fd >= 0) {
            ssize_t w = ::send(c->fd, c->wire.data(), c->wire.size(), MSG_NOSIGNAL);
            if (w > 0) {
                c->wire.erase(0, static_cast<std::size_t>(w));
            } else {
                if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                    break;
                ::close(c->fd);
                c->fd = -1;
            }
        }
        if (c->fd >= 0 && c->out.empty() && c->wire.empty() && c->closeAfterWrite) {
            if (c->tls) {
                // close_notify, best effort: the connection ends either way.
                c->tls->shutdown();
                c->tls->drainTo(c->wire);
                (void)::send(c->fd, c->wire.data(), c->wire.size(), MSG_NOSIGNAL);
            }
            ::close(c->fd);
            c->fd = -1;
        }
    }
    std::erase_if(m_connections, [](const auto& c) { return c->fd < 0; });
}

void ApiHttpServer::accept()
{
    while (true) {
        sockaddr_storage peer{};
        socklen_t len = sizeof peer;
        int fd = ::accept4(m_listenFd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        auto c = std::make_unique<Connection>(m_options.maxBodyBytes);
        c->fd = fd;
        c->remote = !isLoopback(peer);
        if (m_tls)
            c->tls = std::make_unique<TlsSession>(*m_tls);
        m_connections.push_back(std::move(c));
    }
}

void ApiHttpServer::flush(Connection& c)
{
    if (c.tls) {
        c.tls->send(c.out);
        c.tls->drainTo(c.wire);
    } else {
        c.wire += c.out;
        c.out.clear();
    }
}

void ApiHttpServer::readFrom(Connection& c)
{
    char buffer[65536];
    while (true) {
        ssize_t r = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (r > 0) {
            const std::string_view received(buffer, static_cast<std::size_t>(r));
            if (!c.tls) {
                c.in.append(received);
                continue;
            }
            if (!c.tls->established() && c.in.empty() && c.wire.empty() && looksLikePlainHttp(received)) {
                // What Go's net/http answers a plain request on a TLS port.
                c.wire += "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n";
                c.closeAfterWrite = true;
                return;
            }
            if (!c.tls->receive(received, c.in)) {
                // A failed handshake (its alert is sent) or close_notify: the connection ends.
                c.out.clear();
                c.tls->drainTo(c.wire);
                c.closeAfterWrite = true;
                return;
            }
            continue;
        }
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        // Closed by the client (a watch ends this way).
        ::close(c.fd);
        c.fd = -1;
        return;
    }
    if (c.closeAfterWrite)
        return;
    serveBuffered(c);
}

void ApiHttpServer::serveExec(Connection& c)
{
    if (!c.exec->receive(m_engine, c.in, c.out)) {
        c.closeAfterWrite = true;
        c.in.clear();
    }
    (void)m_engine.commit(); // a command may write (echo > FILE in a volume)
}

void ApiHttpServer::serveBuffered(Connection& c)
{
    if (c.exec)
        return serveExec(c);
    if (c.streaming())
        return; // a watch or log stream reads nothing more
    if (c.remote && !m_options.allowRemote) {
        Error e = makeError(ErrorCode::Forbidden, "the lab's API server answers only this machine (klab serve --allow-remote)");
        ApiResponse r = ApiHandler::statusResponse(e);
        c.out += httpResponse(r.status, r.contentType, r.body, false);
        c.closeAfterWrite = true;
        c.in.clear();
        return;
    }
    while (!c.closeAfterWrite && !c.streaming()) {
        HttpRequest request;
        auto state = c.parser.parse(c.in, request);
        if (state == HttpParser::State::Incomplete)
            return;
        if (state == HttpParser::State::Failed) {
            Error e = makeError(ErrorCode::BadRequest, c.parser.errorMessage());
            ApiResponse r = ApiHandler::statusResponse(e);
            if (c.parser.errorStatus() != 400) {
                // 413 / 431: the Status carries the HTTP code.
                Json status = Json::parse(r.body);
                status["code"] = c.parser.errorStatus();
                status["reason"] = c.parser.errorStatus() == 413 ? "RequestEntityTooLarge" : "BadRequest";
                r.body = status.dump();
                r.status = c.parser.errorStatus();
            }
            c.out += httpResponse(r.status, r.contentType, r.body, false);
            c.closeAfterWrite = true;
            c.in.clear();
            return;
        }
        if (c.tls) {
            request.secure = true;
            if (const auto& peer = c.tls->peer()) {
                request.certificateUser = peer->commonName;
                request.certificateGroups = peer->organizations;
            }
        }
        respond(c, request);
    }
    if (c.exec && !c.in.empty())
        serveExec(c);
}

void ApiHttpServer::commitOrRollback(bool ok)
{
    if (!ok) {
        m_engine.rollback();
        return;
    }
    (void)m_engine.commit();
}

void ApiHttpServer::respond(Connection& c, const HttpRequest& request)
{
    // What the clock did so far is committed first: a refused request rolls back only itself.
    (void)m_engine.commit();
    ApiResponse r = m_handler.handle(request);
    const bool write = request.method != "GET";
    if (write)
        commitOrRollback(r.status < 400);
    if (r.watch) {
        startWatch(c, std::move(*r.watch));
        return;
    }
    if (r.exec) {
        c.out += std::string("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                             "X-Stream-Protocol-Version: ") +
                 kRemoteCommandProtocol + "\r\n\r\n";
        c.exec = std::make_unique<RemoteCommand>(std::move(*r.exec));
        return;
    }
    if (r.follow) {
        c.out += httpChunkedHead(r.status, r.contentType);
        if (!r.body.empty())
            c.out += httpChunk(r.body);
        c.follow = std::move(r.follow);
        return;
    }
    const bool keep = request.keepAlive();
    c.out += httpResponse(r.status, r.contentType, r.body, keep, r.headers);
    if (!keep)
        c.closeAfterWrite = true;
}

void ApiHttpServer::startWatch(Connection& c, WatchRequest watch)
{
    c.out += httpChunkedHead(200, "application/json");
    auto send = [&](std::string_view type, const Json& object) {
        Json o = watch.convert ? watch.convert(object) : object;
        if (watch.table)
            o = makeTable(m_engine, *watch.resource, {std::make_shared<const Json>(object)}, watch.includeObject,
                          object["metadata"].value("resourceVersion", ""));
        c.out += httpChunk(Json{{"type", std::string(type)}, {"object", o}}.dump() + "\n");
    };
    if (watch.sinceRevision) {
        // Changes since the client's list, from the lab's revision log.
        if (auto revisions = m_engine.lab().revisions(*watch.sinceRevision, true)) {
            for (const Revision& rev : *revisions) {
                if (rev.revision <= *watch.sinceRevision || rev.key.kind != watch.resource->kind)
                    continue;
                Json object = rev.object();
                if (object.is_null() || !watch.matches(object))
                    continue;
                send(rev.verb == "create" ? "ADDED" : rev.verb == "delete" ? "DELETED" : "MODIFIED", object);
            }
        }
    } else {
        for (const ObjectPtr& o : m_engine.list(watch.resource->kind, watch.ns))
            if (o && watch.matches(*o))
                send("ADDED", *o);
    }
    // The watch handler's timeout: timeoutSeconds, else a random time in
    // [minRequestTimeout, 2*minRequestTimeout) (endpoints/handlers/get.go).
    const auto now = std::chrono::steady_clock::now();
    std::chrono::milliseconds timeout = m_options.minRequestTimeout;
    if (watch.timeoutSeconds && *watch.timeoutSeconds != 0)
        timeout = std::chrono::seconds(std::clamp<std::int64_t>(*watch.timeoutSeconds, 0, kMaxTimeoutSeconds));
    else
        timeout += std::chrono::milliseconds(std::uniform_int_distribution<std::int64_t>(
            0, std::max<std::int64_t>(0, m_options.minRequestTimeout.count() - 1))(m_random));
    c.watchDeadline = now + timeout;
    c.bookmarkAt.reset();
    if (watch.allowBookmarks)
        c.bookmarkAt = nextBookmark(now, c.watchDeadline);
    c.watch = std::move(watch);
}

std::optional<std::chrono::steady_clock::time_point> ApiHttpServer::nextBookmark(
    std::chrono::steady_clock::time_point now, std::chrono::steady_clock::time_point deadline) const
{
    // storage/cacher/cache_watcher.go nextBookmarkTime: roughly every minute, and right
    // before the watch times out, so the client can resume from the last resourceVersion.
    auto heartbeat = now + m_options.bookmarkInterval;
    if (auto preTimeout = deadline - std::chrono::seconds(2); preTimeout < heartbeat)
        heartbeat = preTimeout;
    if (heartbeat < now)
        return std::nullopt;
    return heartbeat;
}

void ApiHttpServer::pumpWatches()
{
    const auto now = std::chrono::steady_clock::now();
    for (auto& c : m_connections) {
        if (!c->watch || c->fd < 0)
            continue;
        if (now >= c->watchDeadline) {
            endStream(*c);
            continue;
        }
        if (!c->bookmarkAt || now < *c->bookmarkAt)
            continue;
        // A BOOKMARK: an empty object of the kind carrying only the resourceVersion the
        // watch has reached (the store's revision), so the client can resume from it.
        const std::string revision = std::to_string(m_engine.store().revision());
        const ResourceInfo& resource = *c->watch->resource;
        Json object = c->watch->table ? makeTable(m_engine, resource, {}, c->watch->includeObject, revision, false)
                                      : Json{{"kind", std::string(resource.kind)},
                                             {"apiVersion", resource.apiVersion()},
                                             {"metadata", Json{{"resourceVersion", revision}}}};
        c->out += httpChunk(Json{{"type", "BOOKMARK"}, {"object", object}}.dump() + "\n");
        c->bookmarkAt = nextBookmark(now, c->watchDeadline);
    }
}

void ApiHttpServer::onStoreEvent(const WatchEvent& event)
{
    for (auto& c : m_connections) {
        if (!c->watch || c->fd < 0 || event.key.kind != c->watch->resource->kind)
            continue;
        const ObjectPtr& object = event.object ? event.object : event.previous;
        if (!object)
            continue;
        const bool now = c->watch->matches(*object);
        const bool before = event.previous && c->watch->matches(*event.previous);
        std::string_view type = eventTypeName(event.type);
        if (event.type == WatchEventType::Modified) {
            if (!now && !before)
                continue;
            if (!now)
                type = "DELETED"; // left the selection, as upstream's filtered watch
            else if (!before)
                type = "ADDED";
        } else if (!now) {
            continue;
        }
        Json o = c->watch->convert ? c->watch->convert(*object) : *object;
        if (c->watch->table)
            o = makeTable(m_engine, *c->watch->resource, {object}, c->watch->includeObject,
                          std::to_string(event.revision));
        c->out += httpChunk(Json{{"type", std::string(type)}, {"object", o}}.dump() + "\n");
    }
}

void ApiHttpServer::pumpLogs()
{
    for (auto& c : m_connections) {
        if (!c->follow || c->fd < 0)
            continue;
        std::string text;
        const bool more = m_handler.continueLog(*c->follow, text);
        if (!text.empty())
            c->out += httpChunk(text);
        if (!more)
            endStream(*c);
    }
}

void ApiHttpServer::endStream(Connection& c)
{
    c.out += httpChunk("");
    c.watch.reset();
    c.follow.reset();
    serveBuffered(c);
}

void ApiHttpServer::tick()
{
    if (!m_options.driveClock)
        return;
    auto now = std::chrono::steady_clock::now();
    double wallMs = std::chrono::duration<double, std::milli>(now - m_lastTick).count();
    m_lastTick = now;
    m_carryMs += wallMs * m_options.speed;
    if (m_carryMs < 1)
        return;
    const auto step = static_cast<Duration>(m_carryMs);
    m_carryMs -= static_cast<double>(step);
    m_engine.advance(step);
    (void)m_engine.commit();
}

} // namespace kubelab::core::server
