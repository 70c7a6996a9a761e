package org.vigil.service.security;

import org.vigil.common.events.AuditRecorded;

/** What the caller does with the data; each has its SMART v2 scope letter and its audit action. */
public enum Interaction {
    READ('r', AuditRecorded.READ),
    SEARCH('s', AuditRecorded.SEARCH),
    CREATE('c', AuditRecorded.CREATE),
    UPDATE('u', AuditRecorded.UPDATE),
    DELETE('d', AuditRecorded.DELETE);

    private final char letter;
    private final String auditAction;

    Interaction(char letter, String auditAction) {
        this.letter = letter;
        this.auditAction = auditAction;
    }

    public char letter() {
        return letter;
    }

    public String auditAction() {
        return auditAction;
    }

    public boolean isReadOnly() {
        return this == READ || this == SEARCH;
    }
}
