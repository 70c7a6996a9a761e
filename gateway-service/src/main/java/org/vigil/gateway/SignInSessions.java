package org.vigil.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionStore;
import reactor.core.publisher.Mono;

/**
 * The gateway's sessions, in memory, with the sessions of nobody signed in bounded apart. Every browser that starts a
 * sign-in ({@code GET /session}, {@code /app/**}, {@code /oauth2/authorization/...}) gets a session before anyone knows
 * who it is (the saved request, the OAuth2 authorization request); without a bound of their own, anonymous callers
 * could fill the store ({@code server.reactive.session.max-sessions}), after which nobody, signed in or not, could get
 * a session. So at most {@code maxAnonymous} sessions without a signed-in user are kept: saving one more evicts the
 * oldest (its sign-in, if someone was still in it, must start again), and so does saving any session while the store
 * is full. A signed-in session is never evicted for an anonymous one. Eviction rather than refusal: an attacker
 * spread over many addresses then costs a real person at most a restarted sign-in, never a 429 they cannot get past;
 * {@link SignInLimitFilter} keeps any one address from churning the anonymous sessions quickly.
 *
 * <p>Sessions are tracked by id in insertion order; ids of sessions the store has since expired are dropped with the
 * oldest, so the bookkeeping is bounded by {@code maxAnonymous} too.
 */
final class SignInSessions implements WebSessionStore {

    /** Set in a session once someone signed in with it (Spring Security's security context). */
    static final String SIGNED_IN = WebSessionServerSecurityContextRepository.DEFAULT_SPRING_SECURITY_CONTEXT_ATTR_NAME;

    private final InMemoryWebSessionStore store = new InMemoryWebSessionStore();
    private final Duration maxIdleTime;
    private final int maxSessions;
    private final int maxAnonymous;
    /** Ids of anonymous sessions, oldest first; guarded by itself. */
    private final Map<String, Boolean> anonymous = new LinkedHashMap<>();

    SignInSessions(Duration maxIdleTime, int maxSessions, int maxAnonymous) {
        if (maxAnonymous < 1 || maxSessions <= maxAnonymous) {
            throw new IllegalArgumentException("vigil.gateway.sign-in.max-anonymous-sessions must be at least 1 and "
                    + "less than server.reactive.session.max-sessions");
        }
        this.maxIdleTime = maxIdleTime;
        this.maxSessions = maxSessions;
        this.maxAnonymous = maxAnonymous;
        store.setMaxSessions(maxSessions);
    }

    /** Sessions stored now, signed in or not (expired ones the store has not swept yet included). */
    int sessions() {
        return store.getSessions().size();
    }

    @Override
    public Mono<WebSession> createWebSession() {
        return store.createWebSession().map(session -> {
            session.setMaxIdleTime(maxIdleTime);
            return new Tracked(session);
        });
    }

    @Override
    public Mono<WebSession> retrieveSession(String sessionId) {
        return store.retrieveSession(sessionId).map(Tracked::new);
    }

    @Override
    public Mono<Void> removeSession(String sessionId) {
        forget(sessionId);
        return store.removeSession(sessionId);
    }

    @Override
    public Mono<WebSession> updateLastAccessTime(WebSession session) {
        WebSession stored = session instanceof Tracked tracked ? tracked.session : session;
        return store.updateLastAccessTime(stored).map(Tracked::new);
    }

    private void forget(String sessionId) {
        synchronized (anonymous) {
            anonymous.remove(sessionId);
        }
    }

    /** Makes room for a session about to be saved, and counts it among the anonymous ones unless it is signed in. */
    private void admit(String sessionId, boolean signedIn) {
        synchronized (anonymous) {
            if (signedIn) {
                anonymous.remove(sessionId);
            } else if (anonymous.containsKey(sessionId)) {
                return;
            }
            Iterator<String> oldest = anonymous.keySet().iterator();
            while (oldest.hasNext() && (anonymous.size() >= maxAnonymous && !signedIn
                    || store.getSessions().size() >= maxSessions && !store.getSessions().containsKey(sessionId))) {
                store.removeSession(oldest.next());
                oldest.remove();
            }
            if (!signedIn) {
                anonymous.put(sessionId, Boolean.TRUE);
            }
        }
    }

    /** The store's session, telling {@link SignInSessions} when it is saved, renamed or invalidated. */
    private final class Tracked implements WebSession {

        private final WebSession session;

        Tracked(WebSession session) {
            this.session = session;
        }

        @Override
        public Mono<Void> save() {
            return Mono.defer(() -> {
                if (session.isStarted() || !session.getAttributes().isEmpty()) {
                    admit(session.getId(), session.getAttributes().containsKey(SIGNED_IN));
                }
                return session.save();
            });
        }

        @Override
        public Mono<Void> changeSessionId() {
            return Mono.defer(() -> {
                String before = session.getId();
                return session.changeSessionId().doOnSuccess(done -> forget(before));
            });
        }

        @Override
        public Mono<Void> invalidate() {
            return Mono.defer(() -> {
                forget(session.getId());
                return session.invalidate();
            });
        }

        @Override
        public String getId() {
            return session.getId();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return session.getAttributes();
        }

        @Override
        public void start() {
            session.start();
        }

        @Override
        public boolean isStarted() {
            return session.isStarted();
        }

        @Override
        public boolean isExpired() {
            return session.isExpired();
        }

        @Override
        public Instant getCreationTime() {
            return session.getCreationTime();
        }

        @Override
        public Instant getLastAccessTime() {
            return session.getLastAccessTime();
        }

        @Override
        public void setMaxIdleTime(Duration maxIdleTime) {
            session.setMaxIdleTime(maxIdleTime);
        }

        @Override
        public Duration getMaxIdleTime() {
            return session.getMaxIdleTime();
        }
    }
}
