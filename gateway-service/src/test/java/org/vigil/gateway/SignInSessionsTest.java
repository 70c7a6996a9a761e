package org.vigil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.WebSession;

class SignInSessionsTest {

    private final SignInSessions sessions = new SignInSessions(Duration.ofMinutes(30), 10, 3);

    @Test
    void beyondTheCapTheOldestAnonymousSessionIsEvicted() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(anonymous().getId());
        }

        assertThat(sessions.sessions()).isEqualTo(3);
        assertThat(sessions.retrieveSession(ids.get(0)).blockOptional()).isEmpty();
        assertThat(sessions.retrieveSession(ids.get(1)).blockOptional()).isEmpty();
        assertThat(sessions.retrieveSession(ids.get(4)).blockOptional()).isPresent();
    }

    @Test
    void aSignedInSessionIsNeverEvictedForAnonymousOnes() {
        WebSession ada = anonymous();
        ada.changeSessionId().block();
        ada.getAttributes().put(SignInSessions.SIGNED_IN, "context");
        ada.save().block();

        for (int i = 0; i < 20; i++) {
            anonymous();
        }

        assertThat(sessions.retrieveSession(ada.getId()).blockOptional()).isPresent();
        assertThat(sessions.sessions()).isEqualTo(1 + 3);
    }

    @Test
    void whenTheStoreIsFullOfSignedInSessionsAnAnonymousOneStillFindsRoom() {
        SignInSessions small = new SignInSessions(Duration.ofMinutes(30), 4, 2);
        for (int i = 0; i < 3; i++) {
            WebSession session = small.createWebSession().block();
            session.getAttributes().put(SignInSessions.SIGNED_IN, "context");
            session.save().block();
        }
        for (int i = 0; i < 3; i++) {
            WebSession session = small.createWebSession().block();
            session.getAttributes().put("saved-request", "/session");
            session.save().block();
        }

        assertThat(small.sessions()).isEqualTo(4);
    }

    @Test
    void aSessionSavedAgainCountsOnce() {
        WebSession first = anonymous();
        first.save().block();
        first.save().block();
        anonymous();
        anonymous();

        assertThat(sessions.retrieveSession(first.getId()).blockOptional()).isPresent();
    }

    private WebSession anonymous() {
        WebSession session = sessions.createWebSession().block();
        session.getAttributes().put("saved-request", "/session");
        session.save().block();
        return session;
    }
}
