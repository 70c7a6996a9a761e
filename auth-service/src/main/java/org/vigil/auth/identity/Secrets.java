package org.vigil.auth.identity;

import java.util.regex.Pattern;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Configuration may hold a plain demo secret or an already encoded one ({@code {bcrypt}$2a$...}); memory only ever
 * holds the encoded form.
 */
final class Secrets {

    private static final Pattern ENCODED = Pattern.compile("^\\{[A-Za-z0-9@.\\-_]+}.+");

    private Secrets() {
    }

    static String encoded(String secret, PasswordEncoder encoder) {
        return ENCODED.matcher(secret).matches() ? secret : encoder.encode(secret);
    }
}
