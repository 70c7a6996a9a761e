package org.vigil.simulator.gateway;

/** Provisioning cannot go on: the platform refused a request (with its problem detail) or never became available. */
public final class ProvisioningException extends Exception {

    ProvisioningException(String message) {
        super(message);
    }
}
