package org.vigil.service;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class BodySizeLimitFilterTest {

    private final BodySizeLimitFilter filter = new BodySizeLimitFilter(10);

    @Test
    void declaredLengthAboveTheLimitIsRefusedUnread() throws Exception {
        MockHttpServletRequest request = post(new byte[11], false);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"status\":413")
                .contains("The request body of 11 bytes exceeds this service's limit of 10 bytes");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void chunkedBodyAboveTheLimitIsRefused() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(post(new byte[11], true), response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString())
                .contains("The chunked request body exceeds this service's limit of 10 bytes");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void chunkedBodyAtTheLimitReachesTheHandlerWhole() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(post("0123456789".getBytes(StandardCharsets.UTF_8), true), response, chain);

        HttpServletRequest passed = (HttpServletRequest) chain.getRequest();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(passed.getInputStream().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("0123456789");
        assertThat(passed.getContentLengthLong()).isEqualTo(10);
    }

    @Test
    void declaredLengthAtTheLimitPassesUntouched() throws Exception {
        MockHttpServletRequest request = post(new byte[10], false);
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isSameAs(request);
    }

    private static MockHttpServletRequest post(byte[] body, boolean chunked) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/things");
        request.setContentType("application/json");
        request.setContent(body);
        if (chunked) {
            // MockHttpServletRequest reports the content's length; a chunked request has none.
            request = new MockHttpServletRequest("POST", "/api/v1/things") {
                @Override
                public long getContentLengthLong() {
                    return -1;
                }

                @Override
                public int getContentLength() {
                    return -1;
                }
            };
            request.setContentType("application/json");
            request.setContent(body);
            request.addHeader("Transfer-Encoding", "chunked");
        }
        return request;
    }
}
