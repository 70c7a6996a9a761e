package org.vigil.service.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.vigil.common.events.AuditRecorded;

/**
 * Answers requests the filter chain refuses (no token, a bad token: 401; a token without the needed scope: 403) with
 * {@code application/problem+json} and the standard {@code WWW-Authenticate} header, and records each refusal in the
 * audit trail.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint entryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler deniedHandler = new BearerTokenAccessDeniedHandler();
    private final Refusals refusals;

    SecurityProblems(Refusals refusals) {
        this.refusals = refusals;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        entryPoint.commence(request, response, e);
        boolean noToken = request.getHeader("Authorization") == null;
        recordDenial(request, noToken ? "no-token" : "invalid-token");
        write(response, HttpStatus.UNAUTHORIZED, noToken
                ? "This needs an access token: send Authorization: Bearer <token> (OAuth2, see docs/security.md)."
                : "The access token was refused: it is expired, not for Vigil, or not signed by a trusted issuer.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        deniedHandler.handle(request, response, e);
        recordDenial(request, "insufficient-scope");
        write(response, HttpStatus.FORBIDDEN, PatientAccess.NOT_ALLOWED);
    }

    private void recordDenial(HttpServletRequest request, String reason) {
        refusals.record(request, Refusals.Agent.current(), action(request.getMethod()), "unknown", List.of(), reason);
    }

    private static String action(String method) {
        return switch (method) {
            case "POST" -> AuditRecorded.CREATE;
            case "PUT", "PATCH" -> AuditRecorded.UPDATE;
            case "DELETE" -> AuditRecorded.DELETE;
            default -> AuditRecorded.READ;
        };
    }

    private static void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        String body = "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
