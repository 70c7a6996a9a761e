-- Issue 5 (FHIR depth). Observations that are not readings: a vital signs panel (LOINC 85353-1) has members
-- (hasMember) and no value of its own, so it is kept as the posted document, searchable by patient, code and time.
-- (device_id, reading_id) makes a posted document exactly-once as a reading is: device_id is the Vigil device, or
-- fhir:<client_id> of the integrator that posted it; reading_id its first identifier (or a random UUID).
CREATE TABLE observation_document (
    id          uuid         PRIMARY KEY,
    patient_id  varchar(64)  NOT NULL,
    device_id   varchar(64)  NOT NULL,
    reading_id  varchar(128) NOT NULL,
    code        varchar(32)  NOT NULL,
    time        timestamptz  NOT NULL,
    received_at timestamptz  NOT NULL DEFAULT now(),
    status      varchar(32)  NOT NULL,
    resource    jsonb        NOT NULL,
    UNIQUE (device_id, reading_id)
);
CREATE INDEX observation_document_patient_time_idx ON observation_document (patient_id, time, id);

-- The transactional outbox of FHIR transaction Bundles: their readings' events, written in the same database
-- transaction as the Bundle's patients, devices and reading claims, and relayed to vigil.reading-recorded.v1 after
-- the commit (a row is deleted once Kafka has acknowledged it). A claim whose event waits here is never taken for an
-- abandoned one.
CREATE TABLE reading_outbox (
    seq         bigserial    PRIMARY KEY,
    event_id    uuid         NOT NULL,
    device_id   varchar(64)  NOT NULL,
    reading_id  varchar(128) NOT NULL,
    message_key varchar(64)  NOT NULL,
    payload     bytea        NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX reading_outbox_key_idx ON reading_outbox (device_id, reading_id);
