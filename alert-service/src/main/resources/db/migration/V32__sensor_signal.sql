-- The time of the latest reading of each sensor-off type (heart-rate, respiratory-rate, spo2) per patient
-- (org.vigil.alert.technical): a reading older than it (a backlog upload) must not raise or clear a sensor-off alert
-- for a state that is already over.
create table sensor_signal (
    patient_id text        not null,
    type       text        not null,
    latest_at  timestamptz not null,
    primary key (patient_id, type)
);
