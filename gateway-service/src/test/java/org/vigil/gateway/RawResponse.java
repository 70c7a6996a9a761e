package org.vigil.gateway;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An HTTP/1.1 response read off a socket (headers folded to lower case, single values). */
record RawResponse(int statusCode, Map<String, String> headers, String body) {

    static RawResponse parse(String raw) {
        int split = raw.indexOf("\r\n\r\n");
        String[] head = raw.substring(0, split).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
        }
        return new RawResponse(Integer.parseInt(head[0].split(" ")[1]), headers, raw.substring(split + 4));
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
