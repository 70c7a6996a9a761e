package org.vigil.fhir;

/**
 * A HAPI plain provider (system-level or type-bound operations such as {@code @Transaction} or
 * {@code @Create(type = ...)}), as opposed to an {@code IResourceProvider}. Every Spring bean implementing it is
 * registered with the FHIR server.
 */
public interface PlainProvider {
}
