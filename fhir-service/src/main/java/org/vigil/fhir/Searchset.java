package org.vigil.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * The searchset Bundles of Observation search, {@code $lastn} and {@code $everything}, built here rather than by
 * HAPI's bundle factory. That factory walks every resource of a page looking for references to include, whether or
 * not anything is to be included; for a page of 100 Observations the walk cost about a fifth of fhir-service's CPU
 * per search (docs/fhir-search-benchmark.md). The Bundle is the same: an id, {@code meta.lastUpdated}, HAPI's own self
 * link (the parameters as bound, so a clamped {@code _count} shows), the cursor's next link, and entries with
 * {@code fullUrl} and search mode {@code match} or {@code include}.
 *
 * <p>One thing HAPI still does to a Bundle a search method returns: it sets {@code total} to the {@code _count}
 * parameter when the Bundle has none. A cursor page does not know its total, so {@link UnknownTotal} takes that
 * number out again.
 */
public final class Searchset {

    private static final String UNKNOWN_TOTAL = Searchset.class.getName() + ".unknownTotal";

    private Searchset() {
    }

    /** A page of matches, the resources included for them (each once), and the link to the next page if any. */
    public static Bundle page(RequestDetails request, List<? extends Resource> matches,
            List<? extends Resource> included, @Nullable String next) {
        Bundle bundle = bundle(request);
        String base = request.getFhirServerBase();
        for (Resource match : matches) {
            entry(bundle, base, match, Bundle.SearchEntryMode.MATCH);
        }
        Set<String> seen = new HashSet<>();
        for (Resource resource : included) {
            if (seen.add(resource.fhirType() + "/" + resource.getIdElement().getIdPart())) {
                entry(bundle, base, resource, Bundle.SearchEntryMode.INCLUDE);
            }
        }
        if (next != null) {
            bundle.addLink().setRelation(Bundle.LINK_NEXT).setUrl(next);
        }
        bundle.setUserData(UNKNOWN_TOTAL, Boolean.TRUE);
        return bundle;
    }

    /** {@code _summary=count}: the total and no entries. */
    public static Bundle count(RequestDetails request, long total) {
        return bundle(request).setTotal((int) Math.min(total, Integer.MAX_VALUE));
    }

    private static Bundle bundle(RequestDetails request) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.setId(UUID.randomUUID().toString());
        bundle.getMeta().setLastUpdated(new Date());
        bundle.addLink().setRelation(Bundle.LINK_SELF)
                .setUrl(RestfulServerUtils.createLinkSelf(request.getFhirServerBase(), request));
        return bundle;
    }

    private static void entry(Bundle bundle, String base, Resource resource, Bundle.SearchEntryMode mode) {
        bundle.addEntry().setFullUrl(base + "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart())
                .setResource(resource).getSearch().setMode(mode);
    }

    /** Removes the {@code total} HAPI gave a {@link #page} (its {@code _count}, not a count of matches). */
    @Interceptor
    public static final class UnknownTotal {

        @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
        public boolean outgoing(ResponseDetails response) {
            if (response.getResponseResource() instanceof Bundle bundle && bundle.getUserData(UNKNOWN_TOTAL) != null) {
                bundle.setTotalElement(null);
            }
            return true;
        }
    }
}
