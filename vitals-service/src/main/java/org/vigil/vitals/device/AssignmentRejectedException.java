package org.vigil.vitals.device;

/** An assignment that would rewrite the device's history rather than extend it. */
class AssignmentRejectedException extends RuntimeException {

    AssignmentRejectedException(String message) {
        super(message);
    }
}
