package org.vigil.alert;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Patient ids as callers send them, in a path or a query. vitals-service's are short (it takes at most 200 characters
 * for one), so anything longer names no patient; it is refused (400) before it reaches a check, the audit trail or an
 * index (PostgreSQL's btree entries hold about 2700 bytes: a longer key failed the insert, a 500).
 */
public final class PatientIds {

    /** As vitals-service's fields and the ward's filters. */
    public static final int MAX_LENGTH = 200;

    private PatientIds() {
    }

    /** The id, if it may be one; a 400 naming {@code name} otherwise. */
    public static String checked(String name, String id) {
        if (id.length() > MAX_LENGTH) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    name + " must be at most " + MAX_LENGTH + " characters");
        }
        return id;
    }
}
