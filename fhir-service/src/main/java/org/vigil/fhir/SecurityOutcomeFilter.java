package org.vigil.fhir;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * FHIR clients expect an OperationOutcome for every error, but the security filter chain (service-support) refuses a
 * missing or bad token with {@code application/problem+json} before HAPI sees the request. This filter sits in front
 * of that chain on {@code /fhir/*}, catches such a refusal as it is written and answers the same status, headers
 * ({@code WWW-Authenticate}) and detail as an OperationOutcome. Everything else passes through untouched.
 */
class SecurityOutcomeFilter extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FhirContext fhir;

    SecurityOutcomeFilter(FhirContext fhir) {
        this.fhir = fhir;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Catching catching = new Catching(response);
        chain.doFilter(request, catching);
        if (catching.caught != null) {
            String detail = detail(catching.caught.toByteArray());
            OperationOutcome outcome = new OperationOutcome();
            outcome.addIssue().setSeverity(IssueSeverity.ERROR)
                    .setCode(response.getStatus() == 403 ? IssueType.FORBIDDEN : IssueType.LOGIN)
                    .setDiagnostics(detail);
            byte[] body = fhir.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8);
            response.setContentType("application/fhir+json;charset=UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    private static String detail(byte[] problem) {
        try {
            JsonNode node = JSON.readTree(problem);
            JsonNode detail = node.get("detail");
            if (detail != null && detail.isString()) {
                return detail.asString();
            }
        } catch (RuntimeException unreadable) {
            // fall through to the generic text
        }
        return "The request was refused: it needs a valid access token.";
    }

    /** Diverts the body of a 401 or 403 problem+json into a buffer; passes anything else on. */
    private static final class Catching extends HttpServletResponseWrapper {

        private @Nullable ByteArrayOutputStream caught;

        Catching(HttpServletResponse response) {
            super(response);
        }

        private boolean refusal() {
            int status = getStatus();
            String type = getContentType();
            return (status == 401 || status == 403) && type != null
                    && type.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (!refusal()) {
                return super.getOutputStream();
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            caught = buffer;
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    buffer.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    buffer.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (!refusal()) {
                return super.getWriter();
            }
            return new PrintWriter(getOutputStream(), true, StandardCharsets.UTF_8);
        }
    }
}
