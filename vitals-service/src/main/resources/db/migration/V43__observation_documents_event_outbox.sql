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

-- The transactional outbox of FHIR transaction Bundles: the events of their readings (vigil.reading-recorded.v1) and
-- documents (vigil.observation-document-recorded.v1), written in the same database transaction as the Bundle's
-- patients, devices, reading claims and documents, and relayed to Kafka after the commit (a row is deleted once Kafka
-- has acknowledged it). A reading claim whose event waits here is never taken for an abandoned one.
CREATE TABLE event_outbox (
    seq         bigserial    PRIMARY KEY,
    topic       varchar(128) NOT NULL,
    event_id    uuid         NOT NULL,
    device_id   varchar(64)  NOT NULL,
    reading_id  varchar(128) NOT NULL,
    message_key varchar(64)  NOT NULL,
    payload     bytea        NOT NULL,
    correlation_id varchar(128),
    created_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX event_outbox_key_idx ON event_outbox (device_id, reading_id);
