package org.vigil.auth.signin;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.vigil.common.events.AuditRecorded;
import org.vigil.service.ClientAddress;
import org.vigil.service.Correlation;
import org.vigil.service.security.AuditTrail;
import org.vigil.service.security.AuditUnavailableException;

/**
 * The login form's success and failure handlers: each sign-in, and each failed attempt, is an audit record (action
 * {@code login}, resource {@code Session}) naming the subject tried, the OAuth client the browser was sent by (the
 * saved {@code /oauth2/authorize} request's {@code client_id}) and the remote address; never the password. Then
 * Spring's usual handling: back to the saved request, or {@code /login?error}.
 *
 * <p>As everywhere in Vigil, an access is granted only once its record is durable: a sign-in whose record cannot be
 * written is undone (the session is invalidated) and answered 503. A failed attempt that cannot be audited is refused
 * all the same.
 */
public class SignInAudit implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    static final String SERVICE = "auth-service";
    static final String RESOURCE = "Session";
    /** Longer subjects are cut: someone typing a passphrase into the user-name field must not fill the log. */
    static final int MAX_SUBJECT = 128;

    private static final Logger log = LoggerFactory.getLogger(SignInAudit.class);

    private final AuditTrail trail;
    private final Clock clock;
    private final RequestCache requests = new HttpSessionRequestCache();
    private final AuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler();
    private final AuthenticationFailureHandler failure = new SimpleUrlAuthenticationFailureHandler("/login?error");

    public SignInAudit(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException, ServletException {
        List<String> roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a != null && a.startsWith("ROLE_")).map(a -> a.substring("ROLE_".length())).toList();
        try {
            trail.record(record(request, response, subject(authentication.getName()), AuditRecorded.SUCCESS, roles,
                    null));
        } catch (AuditUnavailableException e) {
            new SecurityContextLogoutHandler().logout(request, response, authentication);
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                    + "\"detail\":\"The sign-in could not be recorded in the audit trail, so it was not completed;"
                    + " try again in a moment.\"}");
            return;
        }
        success.onAuthenticationSuccess(request, response, authentication);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException, ServletException {
        try {
            trail.record(record(request, response, subject(request.getParameter("username")), AuditRecorded.DENIED,
                    List.of(), "sign-in failed: " + exception.getClass().getSimpleName()));
        } catch (RuntimeException e) {
            log.warn("A failed sign-in could not be audited ({}); it is refused all the same",
                    e.getClass().getSimpleName());
        }
        failure.onAuthenticationFailure(request, response, exception);
    }

    private AuditRecorded record(HttpServletRequest request, HttpServletResponse response, String subject,
            String outcome, List<String> roles, @Nullable String reason) {
        // The request line without its query: nothing a browser sends to /login belongs in the audit log but the path.
        return new AuditRecorded(UUID.randomUUID(), clock.instant(), SERVICE, AuditRecorded.LOGIN, RESOURCE, outcome,
                subject, "user", clientId(request, response), roles, List.of(),
                request.getMethod() + " " + request.getRequestURI(), sourceAddress(request),
                MDC.get(Correlation.MDC_KEY), reason, false);
    }

    /** The client that sent the browser here: the saved authorization request's client_id, when there is one. */
    private @Nullable String clientId(HttpServletRequest request, HttpServletResponse response) {
        SavedRequest saved = requests.getRequest(request, response);
        if (saved == null) {
            return null;
        }
        String[] clientIds = saved.getParameterValues("client_id");
        return clientIds == null || clientIds.length == 0 ? null : clean(clientIds[0]);
    }

    /**
     * Where the sign-in came from, as service-support's {@link ClientAddress} decided it (the gateway's last
     * X-Forwarded-For hop when the peer is a trusted proxy), else the peer.
     */
    private static @Nullable String sourceAddress(HttpServletRequest request) {
        Object decided = request.getAttribute(ClientAddress.ATTRIBUTE);
        return clean(decided instanceof String address ? address : request.getRemoteAddr());
    }

    private static String subject(@Nullable String tried) {
        if (tried == null || tried.isBlank()) {
            return "anonymous";
        }
        return clean(tried);
    }

    /** At most {@link #MAX_SUBJECT} characters, without the NUL that PostgreSQL text cannot hold. */
    private static String clean(String value) {
        String cleaned = value.replace('\0', '?');
        if (cleaned.length() > MAX_SUBJECT) {
            int end = MAX_SUBJECT;
            if (Character.isHighSurrogate(cleaned.charAt(end - 1))) {
                end--;
            }
            cleaned = cleaned.substring(0, end);
        }
        return cleaned;
    }
}
