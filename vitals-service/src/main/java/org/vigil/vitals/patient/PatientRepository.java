package org.vigil.vitals.patient;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PatientRepository extends JpaRepository<Patient, String> {

    /** Patients carrying the identifier {@code system|value}; uses the GIN index on identifiers. */
    @Query(value = "SELECT * FROM patient WHERE identifiers @> ARRAY[CAST(:identifier AS text)] ORDER BY id LIMIT 100",
            nativeQuery = true)
    List<Patient> findByIdentifier(@Param("identifier") String identifier);
}
