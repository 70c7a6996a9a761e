package org.vigil.simulator.gateway;

import java.time.LocalDate;

/** A fictional patient for the demo; {@code mrn} goes in as identifier {@value Payloads#DEMO_MRN_SYSTEM}. */
public record DemoPatient(String mrn, String given, String family, String gender, LocalDate birthDate) {
}
