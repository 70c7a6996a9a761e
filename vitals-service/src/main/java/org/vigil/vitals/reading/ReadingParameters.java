package org.vigil.vitals.reading;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.vigil.common.vitals.VitalType;
import org.vigil.vitals.Problems;

/** Query parameters shared by the public and the internal readings API, each rejected by name when wrong. */
final class ReadingParameters {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    private ReadingParameters() {
    }

    static @Nullable VitalType type(@Nullable String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return VitalType.fromCode(code.strip()).orElseThrow(() -> Problems.badRequest("type must be one of "
                + Arrays.stream(VitalType.values()).map(VitalType::code).collect(Collectors.joining(", "))));
    }

    /** One type code or a comma-separated list of them; empty when absent. Duplicates are kept once. */
    static List<VitalType> types(@Nullable String codes) {
        if (codes == null || codes.isBlank()) {
            return List.of();
        }
        Set<VitalType> types = new LinkedHashSet<>();
        for (String code : codes.split(",")) {
            if (!code.isBlank()) {
                types.add(VitalType.fromCode(code.strip()).orElseThrow(() -> Problems.badRequest(
                        "type must be one or more (comma-separated) of " + known())));
            }
        }
        return List.copyOf(types);
    }

    private static String known() {
        return Arrays.stream(VitalType.values()).map(VitalType::code).collect(Collectors.joining(", "));
    }

    static int limit(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problems.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }
}
