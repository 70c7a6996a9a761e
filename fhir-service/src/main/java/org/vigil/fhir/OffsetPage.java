package org.vigil.fhir;

import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;

/**
 * One page of a search over a set that is counted and read by offset (Patients, Devices): HAPI writes the Bundle's
 * {@code total} and its {@code next} / {@code previous} links ({@code _offset} and {@code _count}) from it.
 */
public final class OffsetPage {

    private OffsetPage() {
    }

    /** Non-negative offset; a missing or negative {@code _offset} is 0. */
    public static int offset(@Nullable Integer offset) {
        return offset == null ? 0 : Math.max(0, offset);
    }

    public static SimpleBundleProvider of(List<? extends IBaseResource> page, int offset, int count, int total) {
        SimpleBundleProvider provider = new SimpleBundleProvider(List.copyOf(page));
        provider.setSize(total);
        provider.setCurrentPageOffset(offset);
        provider.setCurrentPageSize(count);
        return provider;
    }
}
