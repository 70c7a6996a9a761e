-- Issue 5 (FHIR depth). Readings posted as FHIR Observations keep their status, their data-absent reason and the
-- posted document. Nullable columns without a default: a catalogue change, instant on the partitioned table whatever
-- its size (and passed on to every partition). status null means final.
ALTER TABLE readings
    ADD COLUMN status             varchar(32),
    ADD COLUMN data_absent_reason varchar(64),
    ADD COLUMN resource           jsonb;

-- latest_vital only ever holds alertable readings (not cancelled, not entered in error, with a value), but it answers
-- in the same shape as readings.
ALTER TABLE latest_vital
    ADD COLUMN source             varchar(64),
    ADD COLUMN status             varchar(32),
    ADD COLUMN data_absent_reason varchar(64),
    ADD COLUMN resource           jsonb;

-- Searches by device (FHIR Observation?device=, a device reading id look-up) by time. Created on the partitioned
-- parent, so every partition, present and future, gets its own.
CREATE INDEX readings_device_time_idx ON readings (device_id, time);

-- Devices as FHIR Device resources: a version, when it last changed, and identifiers (system|value) for search.
ALTER TABLE device
    ADD COLUMN version_id   integer     NOT NULL DEFAULT 1,
    ADD COLUMN last_updated timestamptz,
    ADD COLUMN identifiers  text[]      NOT NULL DEFAULT '{}';
UPDATE device SET last_updated = created_at;
ALTER TABLE device ALTER COLUMN last_updated SET NOT NULL;
CREATE INDEX device_identifiers_idx ON device USING gin (identifiers);
