package org.vigil.simulator.gateway;

/** A registered device. The token is a secret: {@link #toString()} leaves it out. */
public record Device(String id, String serial, String token) {

    @Override
    public String toString() {
        return "Device[id=" + id + ", serial=" + serial + "]";
    }
}
