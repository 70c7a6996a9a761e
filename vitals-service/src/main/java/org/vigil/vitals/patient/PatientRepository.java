package org.vigil.vitals.patient;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PatientRepository extends JpaRepository<Patient, String> {

    /** The patient, row-locked until the transaction ends (updates are serialised, versions never skip). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from Patient p where p.id = :id")
    Optional<Patient> findForUpdate(@Param("id") String id);
}
