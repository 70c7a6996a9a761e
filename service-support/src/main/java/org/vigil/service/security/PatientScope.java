package org.vigil.service.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The patients whose data of one kind a caller may see in a list or a search: all of them (system scopes, admins for
 * administrative data) or exactly these.
 *
 * @param breakGlass the ones among {@code patientIds} open only by a break-glass grant (audited as such)
 */
public record PatientScope(boolean all, Set<String> patientIds, Set<String> breakGlass) {

    public PatientScope {
        patientIds = Set.copyOf(patientIds);
        breakGlass = Set.copyOf(breakGlass);
    }

    public static PatientScope everyPatient() {
        return new PatientScope(true, Set.of(), Set.of());
    }

    public boolean includes(String patientId) {
        return all || patientIds.contains(patientId);
    }

    /** Nobody at all: the search answers nothing, and nothing needs to be read. */
    public boolean isEmpty() {
        return !all && patientIds.isEmpty();
    }

    /** The subset of these patients the caller may see. */
    public List<String> filter(Collection<String> candidates) {
        return candidates.stream().filter(this::includes).toList();
    }
}
