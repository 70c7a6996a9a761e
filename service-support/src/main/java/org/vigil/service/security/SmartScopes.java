package org.vigil.service.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMART on FHIR scopes of a token (SMART App Launch 2.0, section "Scopes for requesting clinical data"), in both
 * syntaxes: v2 {@code system/Observation.rs} (letters c, r, u, d, s in that order) and v1
 * {@code system/Observation.read}, {@code .write}, {@code .*}. Scopes with a v2 query ({@code ...rs?category=...}) are
 * not understood and grant nothing, which is the safe reading.
 */
public final class SmartScopes {

    /** system/ scopes: a backend client's own access to every patient. */
    public static final String SYSTEM = "system";
    /** user/ scopes: what a person's token may do within that person's own access. */
    public static final String USER = "user";
    /** patient/ scopes: access to the one patient in context. */
    public static final String PATIENT = "patient";

    private static final Pattern SCOPE =
            Pattern.compile("(system|user|patient)/([A-Za-z]+|\\*)\\.(\\*|read|write|c?r?u?d?s?)");

    private record Grant(String context, String resourceType, String letters) {
    }

    private final List<Grant> grants;

    private SmartScopes(List<Grant> grants) {
        this.grants = grants;
    }

    public static SmartScopes of(Collection<String> scopes) {
        List<Grant> grants = new ArrayList<>();
        for (String scope : scopes) {
            Matcher m = SCOPE.matcher(scope);
            if (!m.matches() || m.group(3).isEmpty()) {
                continue;
            }
            String letters = switch (m.group(3)) {
                case "*" -> "cruds";
                case "read" -> "rs";
                case "write" -> "cud";
                default -> m.group(3);
            };
            grants.add(new Grant(m.group(1), m.group(2), letters));
        }
        return new SmartScopes(List.copyOf(grants));
    }

    /** Whether a scope of this context ({@link #SYSTEM}, {@link #USER}, {@link #PATIENT}) allows the interaction. */
    public boolean permits(String context, String resourceType, Interaction interaction) {
        return grants.stream().anyMatch(g -> g.context().equals(context)
                && (g.resourceType().equals("*") || g.resourceType().equals(resourceType))
                && g.letters().indexOf(interaction.letter()) >= 0);
    }

    /** Whether any scope of this context exists at all (then it limits what the token may do). */
    public boolean hasAny(String context) {
        return grants.stream().anyMatch(g -> g.context().equals(context));
    }
}
