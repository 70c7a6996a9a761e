package org.vigil.e2e;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A person signing in to the dashboard as a browser does, through the gateway only: {@code GET /session} redirects to
 * the authorization endpoint (PKCE), which sends the browser to the issuer's login form; the form is posted with its
 * CSRF token; the code comes back to the gateway, which keeps the tokens and gives the browser a session cookie. The
 * browser never sees an access token. Every hop is recorded so a test can assert the chain.
 */
final class BrowserSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final URI gateway;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private final List<URI> hops = new ArrayList<>();
    private String sessionJson = "";

    private BrowserSession(URI gateway, @Nullable InetAddress local) {
        this.gateway = gateway;
        HttpClient.Builder builder = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5));
        this.http = (local == null ? builder : builder.localAddress(local)).build();
    }

    /** Signs in as this demo user; fails with the hop where it went wrong. */
    static BrowserSession signIn(String user, String password) {
        return signIn(user, password, null);
    }

    /** Signs in as this demo user from this loopback address (see {@link Api#from}). */
    static BrowserSession signIn(String user, String password, @Nullable InetAddress local) {
        BrowserSession browser = new BrowserSession(Platform.get().gateway(), local);
        browser.login(user, password);
        return browser;
    }

    private void login(String user, String password) {
        HttpResponse<String> response = follow(get(gateway.resolve("/session")));
        String form = response.body();
        Matcher csrf = CSRF.matcher(form);
        if (response.statusCode() != 200 || !csrf.find()) {
            throw new IllegalStateException("expected the login form at " + last() + ", got "
                    + response.statusCode() + ": " + form);
        }
        String body = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(csrf.group(1));
        response = follow(send(HttpRequest.newBuilder(last().resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
        if (response.statusCode() != 200 || !last().getPath().equals("/session")) {
            throw new IllegalStateException("sign-in of " + user + " ended at " + last() + " with "
                    + response.statusCode() + ": " + response.body());
        }
        sessionJson = response.body();
    }

    /** What {@code GET /session} answered once signed in: {@code {"subject", "roles"}}. */
    String session() {
        return sessionJson;
    }

    List<URI> hops() {
        return List.copyOf(hops);
    }

    /** The REST API called with this browser's cookies; unsafe methods carry the CSRF cookie's value. */
    Api api() {
        return new Api(gateway).browser(this);
    }

    /** The value of the XSRF-TOKEN cookie, which the dashboard's script copies into X-XSRF-TOKEN. */
    String csrfToken() {
        return cookies.getCookieStore().get(gateway).stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElse("");
    }

    List<HttpCookie> cookies() {
        return cookies.getCookieStore().get(gateway);
    }

    HttpClient client() {
        return http;
    }

    private HttpResponse<String> follow(HttpResponse<String> response) {
        int hopsLeft = 15;
        while (response.statusCode() / 100 == 3 && hopsLeft-- > 0) {
            URI next = last().resolve(response.headers().firstValue("Location").orElseThrow());
            response = get(next);
        }
        return response;
    }

    private HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).header("Accept", "text/html,*/*").build();
        hops.add(built.uri());
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request to " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI last() {
        return hops.getLast();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
