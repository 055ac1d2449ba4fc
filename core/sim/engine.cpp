// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/engine.h"

#include <algorithm>
#include <charconv>
#include <system_error>

#include "core/api/resources.h"
#include "core/controllers/controllermanager.h"
#include "core/sim/apiserver.h"
#include "core/sim/bootstrap.h"

namespace kubelab::core {

namespace {
constexpr const char* kSettingSeed = "seed";
constexpr const char* kSettingRandom = "random.state";
constexpr const char* kSettingClock = "clock";
constexpr const char* kSettingEpoch = "epoch";
constexpr const char* kSettingProxyMode = "proxy.mode";
constexpr const char* kSettingEncryption = "apiserver.encryption-provider-config";

/// A stored setting as a number of type T (the random state and the seed are unsigned
/// 64-bit: half of their values do not fit an int64).
template <typename T>
T toNumber(const std::optional<std::string>& s, T fallback)
{
    if (!s)
        return fallback;
    T v = fallback;
    if (std::from_chars(s->data(), s->data() + s->size(), v).ec != std::errc())
        return fallback;
    return v;
}

std::int64_t toInt(const std::optional<std::string>& s, std::int64_t fallback)
{
    return toNumber<std::int64_t>(s, fallback);
}
} // namespace

RequestContext RequestContext::component(std::string name)
{
    RequestContext ctx;
    ctx.user = "system:" + name;
    // Control-plane components talk to the API server with privileged credentials (as
    // kubeadm's super-admin.conf and the loopback client): the lab allows them everything.
    ctx.groups = {"system:masters", "system:authenticated"};
    ctx.fieldManager = std::move(name);
    ctx.person = false;
    return ctx;
}

RequestContext RequestContext::controller(std::string name, std::string_view serviceAccount)
{
    RequestContext ctx = component(std::move(name));
    ctx.user = "system:serviceaccount:kube-system:" + std::string(serviceAccount);
    return ctx;
}

RequestContext RequestContext::kubelet(const std::string& node)
{
    RequestContext ctx;
    ctx.user = "system:node:" + node;
    ctx.groups = {"system:nodes", "system:authenticated"};
    ctx.fieldManager = "kubelet";
    ctx.person = false;
    return ctx;
}

Engine::Engine() = default;
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::open(const Options& options)
{
    auto lab = LabFile::open(options.path, options.path.empty()
                                               ? LabFile::Mode::InMemory
                                               : (options.createIfMissing ? LabFile::Mode::CreateIfMissing
                                                                          : LabFile::Mode::OpenExisting));
    if (!lab)
        return fail(lab.error());
    std::unique_ptr<Engine> engine(new Engine());
    engine->m_lab = std::move(*lab);
    engine->m_api = std::make_unique<ApiServer>(*engine);
    LabFile& file = *engine->m_lab;
    bool fresh = file.isNew() || !file.setting(kSettingSeed);
    if (fresh) {
        engine->m_settings.seed = options.seed.value_or(1);
        engine->m_random.setState(engine->m_settings.seed);
    } else {
        engine->m_settings.seed = toNumber<std::uint64_t>(file.setting(kSettingSeed), 1);
        engine->m_random.setState(toNumber<std::uint64_t>(file.setting(kSettingRandom), 1));
        engine->m_now = toInt(file.setting(kSettingClock), 0);
        engine->m_settings.epochSeconds = toInt(file.setting(kSettingEpoch), engine->m_settings.epochSeconds);
        if (auto m = file.setting(kSettingProxyMode))
            engine->m_settings.proxyMode = *m;
        if (auto text = file.setting(kSettingEncryption)) {
            Json document = Json::parse(*text, nullptr, false);
            auto config = EncryptionConfig::parse(document);
            if (!config)
                return fail(ErrorCode::Lab, "lab file " + options.path + " has a damaged encryption configuration: " +
                                                config.error().message);
            file.setEncryption(std::make_shared<const EncryptionConfig>(std::move(*config)));
        }
        if (options.atRevision) {
            std::int64_t rev = std::clamp<std::int64_t>(*options.atRevision, 0, file.lastRevision());
            auto objects = file.objectsAt(rev);
            if (!objects)
                return fail(objects.error());
            auto revs = file.revisions(rev - 1, false);
            if (revs && !revs->empty() && revs->front().revision == rev)
                engine->m_now = revs->front().time;
            engine->m_store.load(std::move(*objects), rev);
            engine->m_readOnly = true;
            engine->m_api->rebuildAllocators();
            return engine;
        }
        auto objects = file.loadObjects();
        if (!objects)
            return fail(objects.error());
        engine->m_store.load(std::move(*objects), file.lastRevision());
        engine->m_storySequence = file.lastStorySequence();
    }
    engine->m_api->rebuildAllocators();
    registerAdmissionPlugins(*engine->m_api);
    if (options.startComponents || fresh)
        registerControllers(*engine);
    if (fresh) {
        engine->m_dirtySettings[kSettingSeed] = std::to_string(engine->m_settings.seed);
        engine->m_dirtySettings[kSettingEpoch] = std::to_string(engine->m_settings.epochSeconds);
        engine->m_dirtySettings[kSettingProxyMode] = engine->m_settings.proxyMode;
        if (auto s = bootstrapLab(*engine); !s)
            return fail(s.error());
    }
    if (options.startComponents || fresh)
        engine->startComponents();
    if (fresh) {
        engine->settle(5 * kMinute);
        if (auto s = engine->commit(); !s)
            return fail(s.error());
    }
    return engine;
}

void Engine::startComponents()
{
    for (auto& c : m_components)
        c->start(*this);
}

void Engine::addComponent(std::unique_ptr<Component> component)
{
    Component* raw = component.get();
    m_components.push_back(std::move(component));
    m_store.addWatcher([raw](const WatchEvent& e) { raw->onEvent(e); });
}

// Each write a person makes is followed through the API server's stages (RequestTracer).
Result<ObjectPtr> Engine::create(Json object, const RequestContext& ctx)
{
    RequestTracer::Scope request(m_requests, ctx);
    return request.end(m_api->create(std::move(object), ctx));
}
Result<ObjectPtr> Engine::update(Json object, const RequestContext& ctx)
{
    RequestTracer::Scope request(m_requests, ctx);
    return request.end(m_api->update(std::move(object), ctx));
}
Result<std::pair<ObjectPtr, ApplyOutcome>> Engine::apply(Json object, const RequestContext& ctx)
{
    RequestTracer::Scope request(m_requests, ctx);
    return request.end(m_api->apply(std::move(object), ctx));
}
Result<ObjectPtr> Engine::patch(const ObjectKey& key, const Json& p, PatchType type, const RequestContext& ctx)
{
    RequestTracer::Scope request(m_requests, ctx);
    return request.end(m_api->patch(key, p, type, ctx));
}
Result<ObjectPtr> Engine::remove(const ObjectKey& key, const DeleteOptions& options, const RequestContext& ctx)
{
    RequestTracer::Scope request(m_requests, ctx);
    return request.end(m_api->remove(key, options, ctx));
}
Result<ObjectPtr> Engine::bind(const ObjectKey& pod, const std::string& node, const RequestContext& ctx)
{
    RequestTracer::Scope request(m_requests, ctx);
    return request.end(m_api->bind(pod, node, ctx));
}
Result<ObjectPtr> Engine::updateStatus(const Json& object, const RequestContext& ctx)
{
    RequestTracer::Scope request(m_requests, ctx);
    // A status write reads only the object's type, metadata and status: the rest (a pod's
    // spec) is not copied into the request. An object without a kind is passed whole, as
    // the refusal quotes it.
    if (!object.is_object() || kindOf(object).empty())
        return request.end(m_api->update(object, ctx, true));
    Json slim = Json::object();
    for (auto it = object.begin(); it != object.end(); ++it)
        if (it.key() == "apiVersion" || it.key() == "kind" || it.key() == "metadata" || it.key() == "status")
            slim[it.key()] = it.value();
    return request.end(m_api->update(std::move(slim), ctx, true));
}

std::vector<ObjectPtr> Engine::list(std::string_view kind, std::string_view ns, const LabelSelector& selector) const
{
    std::vector<ObjectPtr> all = m_store.list(kind, ns);
    if (selector.empty())
        return all;
    std::vector<ObjectPtr> out;
    for (ObjectPtr& o : all)
        if (selector.matches(labelsOf(*o)))
            out.push_back(std::move(o));
    return out;
}

std::string Engine::timestamp(VirtualTime t) const
{
    return rfc3339(m_settings.epochSeconds, t);
}

VirtualTime Engine::virtualTimeOf(std::string_view text) const
{
    auto s = parseRfc3339(text);
    if (!s)
        return 0;
    return (*s - m_settings.epochSeconds) * kSecond;
}

void Engine::schedule(VirtualTime at, std::function<void()> callback, Wake wake)
{
    if (wake == Wake::Foreground)
        ++m_foregroundTimers;
    m_timers.push(Timer{std::max(at, m_now), m_timerSequence++, wake, std::move(callback)});
}

void Engine::drain()
{
    // Components run round robin until every queue is empty; a safety bound stops a
    // feedback loop between controllers from hanging the lab.
    std::size_t budget = 50'000'000;
    bool any = true;
    while (any && budget > 0) {
        any = false;
        for (auto& c : m_components) {
            while (c->hasWork() && budget > 0) {
                c->work();
                --budget;
                any = true;
            }
        }
    }
}

bool Engine::runOneUnit()
{
    if (m_timers.empty())
        return false;
    Timer t = m_timers.top();
    m_timers.pop();
    if (t.wake == Wake::Foreground)
        --m_foregroundTimers;
    m_now = std::max(m_now, t.at);
    t.callback();
    return true;
}

void Engine::advance(Duration d)
{
    VirtualTime end = m_now + std::max<Duration>(d, 0);
    drain();
    while (!m_timers.empty() && m_timers.top().at <= end) {
        VirtualTime at = m_timers.top().at;
        while (!m_timers.empty() && m_timers.top().at == at)
            runOneUnit();
        drain();
        (void)commit();
    }
    m_now = end;
    drain();
}

Duration Engine::settle(Duration max)
{
    VirtualTime start = m_now;
    VirtualTime end = m_now + std::max<Duration>(max, 0);
    drain();
    while (m_foregroundTimers > 0 && !m_timers.empty() && m_timers.top().at <= end) {
        VirtualTime at = m_timers.top().at;
        while (!m_timers.empty() && m_timers.top().at == at)
            runOneUnit();
        drain();
        (void)commit();
    }
    return m_now - start;
}

Status Engine::commit()
{
    if (m_readOnly) {
        m_store.rollback();
        m_pendingStory.clear();
        return fail(ErrorCode::Client, "the lab is shown as it was at revision " + std::to_string(m_store.revision()) +
                                           "; the past cannot be changed");
    }
    std::vector<Revision> revisions = m_store.takePending();
    std::vector<StoryEvent> story;
    story.swap(m_pendingStory);
    // Moved, not copied: the scheduler's decisions are tens of kilobytes each.
    std::vector<std::pair<std::string, std::string>> settings;
    settings.reserve(m_dirtySettings.size() + 2);
    for (auto& [key, value] : m_dirtySettings)
        settings.emplace_back(key, std::move(value));
    m_dirtySettings.clear();
    settings.emplace_back(kSettingClock, std::to_string(m_now));
    settings.emplace_back(kSettingRandom, std::to_string(m_random.state()));
    if (revisions.empty() && story.empty() && settings.size() == 2) {
        auto clock = m_lab->setting(kSettingClock);
        auto rnd = m_lab->setting(kSettingRandom);
        if (clock && *clock == std::to_string(m_now) && rnd && *rnd == std::to_string(m_random.state()))
            return {};
    }
    return m_lab->commit(revisions, story, settings);
}

void Engine::rollback()
{
    m_store.rollback();
    m_dirtySettings.clear();
    m_eventIndex.clear();
    m_eventIndexBuilt = false;
    m_pendingStory.clear();
}

void Engine::story(std::string component, const ObjectKey& object, std::string action, MessageKey message, Json data)
{
    data = messageValue(message, std::move(data));
    StoryEvent e;
    e.sequence = ++m_storySequence;
    e.revision = m_store.revision();
    e.time = m_now;
    e.component = std::move(component);
    e.object = object;
    e.action = std::move(action);
    e.message = formatMessage(message.view(), data, Language::English);
    e.data = std::move(data);
    for (auto& [id, l] : m_storyListeners)
        l(e);
    m_pendingStory.push_back(std::move(e));
}

int Engine::addStoryListener(StoryListener listener)
{
    int id = m_nextStoryListener++;
    m_storyListeners.emplace(id, std::move(listener));
    return id;
}

void Engine::removeStoryListener(int id)
{
    m_storyListeners.erase(id);
}

void Engine::setProxyMode(std::string mode)
{
    m_settings.proxyMode = mode;
    m_dirtySettings[kSettingProxyMode] = std::move(mode);
}

Status Engine::configureEncryption(const Json& document)
{
    auto config = EncryptionConfig::parse(document);
    if (!config)
        return fail(config.error());
    auto next = std::make_shared<const EncryptionConfig>(std::move(*config));
    // Keys still needed: an object stored encrypted must stay readable (a real API server
    // would fail to read it; the lab refuses the configuration instead).
    if (auto key = m_lab->firstUnreadable(*next)) {
        const ResourceInfo* r = findResourceByKind(key->kind);
        const std::string what = (r ? std::string(r->plural) : key->kind) + " " +
                                 (key->ns.empty() ? key->name : key->ns + "/" + key->name);
        return fail(ErrorCode::BadRequest, "the configuration cannot decrypt " + what +
                                               ", stored with a key it does not list: keep that key among the "
                                               "providers until every object written with it has been rewritten");
    }
    m_dirtySettings[kSettingEncryption] = document.dump();
    m_lab->setEncryption(next);
    story("apiserver", ObjectKey{"EncryptionConfiguration", "", "encryption-provider-config"}, "EncryptionConfigured",
          "apiserver.encryptionConfigured", Json{{"secrets", next->writer(ObjectKey{"Secret", "", ""})}});
    return {};
}

bool Engine::storedStale(const ObjectKey& key) const
{
    const EncryptionConfig* config = m_lab->encryption();
    if (!config)
        return false;
    auto stored = m_lab->storedBytes(key);
    if (!stored)
        return false;
    const std::string prefix = config->writerPrefix(key);
    return prefix.empty() ? isEncrypted(*stored) : !stored->starts_with(prefix);
}

std::optional<std::string> Engine::labSetting(const std::string& key) const
{
    if (auto it = m_dirtySettings.find(key); it != m_dirtySettings.end())
        return it->second;
    return m_lab->setting(key);
}

void Engine::setLabSetting(const std::string& key, std::string value)
{
    m_dirtySettings[key] = std::move(value);
}

void Engine::recordEvent(const Json& involved, std::string_view type, std::string_view reason, std::string message,
                         std::string_view component, std::string_view host)
{
    std::string ns = namespaceOf(involved);
    if (ns.empty())
        ns = "default";
    std::string uid = uidOf(involved);
    // Repeats of the same event aggregate into one Event with a count (client-go's
    // EventCorrelator keys on source, involved object, type, reason and message).
    std::string aggregate = uid + '\x1f' + std::string(type) + '\x1f' + std::string(reason) + '\x1f' + message + '\x1f' +
                            std::string(component);
    if (!m_eventIndexBuilt) {
        for (const ObjectPtr& e : m_store.list("Event")) {
            const Json& ev = *e;
            m_eventIndex[stringAt(ev, Json::json_pointer("/involvedObject/uid")) + '\x1f' + ev.value("type", "") + '\x1f' +
                         ev.value("reason", "") + '\x1f' + ev.value("message", "") + '\x1f' +
                         stringAt(ev, Json::json_pointer("/source/component"))] = keyOf(ev);
        }
        m_eventIndexBuilt = true;
    }
    if (auto it = m_eventIndex.find(aggregate); it != m_eventIndex.end()) {
        if (ObjectPtr e = m_store.get(it->second)) {
            Json next = *e;
            next["count"] = e->value("count", 1) + 1;
            next["lastTimestamp"] = timestampNow();
            (void)m_store.update(std::move(next), std::string(component), m_now);
            return;
        }
        m_eventIndex.erase(it);
    }
    std::string name = nameOf(involved);
    const std::string now = timestampNow();
    char hex[32];
    std::snprintf(hex, sizeof hex, "%llx",
                  static_cast<unsigned long long>((m_settings.epochSeconds * 1000 + m_now) * 1'000'000 +
                                                  (m_store.revision() % 1'000'000)));
    Json ref = Json::object();
    ref["kind"] = kindOf(involved);
    if (!namespaceOf(involved).empty())
        ref["namespace"] = namespaceOf(involved);
    ref["name"] = name;
    ref["uid"] = uid;
    ref["apiVersion"] = involved.value("apiVersion", "v1");
    ref["resourceVersion"] = stringAt(involved, Json::json_pointer("/metadata/resourceVersion"));
    Json ev = Json::object();
    ev["apiVersion"] = "v1";
    ev["kind"] = "Event";
    ev["metadata"] = Json{{"name", name + "." + hex},
                          {"namespace", ns},
                          {"uid", Random::uuidFor(ns + "/" + name + "." + hex)},
                          {"creationTimestamp", now}};
    ev["involvedObject"] = std::move(ref);
    ev["reason"] = reason;
    ev["message"] = std::move(message);
    Json source = Json{{"component", component}};
    if (!host.empty())
        source["host"] = host;
    ev["source"] = std::move(source);
    ev["firstTimestamp"] = now;
    ev["lastTimestamp"] = now;
    ev["count"] = 1;
    ev["type"] = type;
    ev["eventTime"] = nullptr;
    ev["reportingComponent"] = component;
    ev["reportingInstance"] = host;
    ObjectKey key = keyOf(ev);
    if (m_store.create(std::move(ev), std::string(component), m_now))
        m_eventIndex[aggregate] = key;
}

} // namespace kubelab::core
