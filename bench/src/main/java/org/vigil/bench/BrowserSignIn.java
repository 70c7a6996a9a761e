package org.vigil.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Signs in to the dashboard as a browser does, through the gateway only: {@code GET /session} redirects to the
 * authorization endpoint, which sends the browser to the issuer's login form; the form is posted with its CSRF token;
 * the code comes back to the gateway, which keeps the tokens and gives the browser its {@code VIGIL_SESSION} cookie.
 * The ward requests then carry the cookies, and the gateway relays the session's access token downstream.
 */
final class BrowserSignIn {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private BrowserSignIn() {
    }

    /** The {@code Cookie} header the browser would send to the gateway after signing in. */
    static String signIn(URI gateway, @Nullable SSLContext tls, String user, String password)
            throws IOException, InterruptedException {
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient.Builder builder = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            builder.sslContext(tls);
        }
        HttpClient http = builder.build();

        URI[] last = {gateway.resolve("/session")};
        HttpResponse<String> response = follow(http, last, get(last[0]));
        Matcher csrf = CSRF.matcher(response.body());
        if (response.statusCode() != 200 || !csrf.find()) {
            throw new IllegalStateException("expected the login form at " + last[0] + ", got " + response.statusCode());
        }
        String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(csrf.group(1));
        last[0] = last[0].resolve("/login");
        response = follow(http, last, HttpRequest.newBuilder(last[0])
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (response.statusCode() != 200 || !last[0].getPath().equals("/session")) {
            throw new IllegalStateException("sign-in of " + user + " ended at " + last[0] + " with "
                    + response.statusCode());
        }
        if (cookies.getCookieStore().get(gateway).stream().noneMatch(c -> c.getName().equals("VIGIL_SESSION"))) {
            throw new IllegalStateException("sign-in of " + user + " gave no VIGIL_SESSION cookie");
        }
        System.out.printf("[ward] signed in as %s through the login form: %s%n", user, response.body());
        return cookies.getCookieStore().get(gateway).stream()
                .map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
    }

    private static HttpResponse<String> follow(HttpClient http, URI[] last, HttpRequest.Builder first)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(http, first);
        int hopsLeft = 15;
        while (response.statusCode() / 100 == 3 && hopsLeft-- > 0) {
            last[0] = last[0].resolve(response.headers().firstValue("Location").orElseThrow());
            response = send(http, get(last[0]));
        }
        return response;
    }

    private static HttpRequest.Builder get(URI uri) {
        return HttpRequest.newBuilder(uri).GET();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).header("Accept", "text/html,*/*").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
