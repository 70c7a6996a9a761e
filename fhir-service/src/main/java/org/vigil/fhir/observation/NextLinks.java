package org.vigil.fhir.observation;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Keyset paging links. HAPI's plain server pages by {@code _offset} (or by a paging provider's stored result lists,
 * which live in one replica's memory); Vigil's searches page by cursor instead, and their Bundles
 * ({@link org.vigil.fhir.Searchset}) carry this link as their only {@code next} link (no {@code previous}: a cursor
 * only walks forward).
 */
final class NextLinks {

    private NextLinks() {
    }

    /**
     * The link to the page after {@code cursor}: the request's base and path with its parameters named in
     * {@code keep} (a name or a name with a modifier) and {@code _count}, and the cursor.
     */
    static String link(RequestDetails request, String path, Set<String> keep, int count, String cursor) {
        StringBuilder link = new StringBuilder(request.getFhirServerBase()).append('/').append(path).append('?');
        for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
            String name = parameter.getKey();
            String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            if (!keep.contains(base) || name.equals("_count") || name.equals(PageCursor.PARAM)) {
                continue;
            }
            for (String value : parameter.getValue()) {
                link.append(encode(name)).append('=').append(encode(value)).append('&');
            }
        }
        return link.append("_count=").append(count).append('&').append(PageCursor.PARAM).append('=')
                .append(encode(cursor)).toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
