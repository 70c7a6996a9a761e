-- Devices watched for silence (org.vigil.alert.technical): the current assignment, learnt from
-- vigil.device-changed.v1 and vitals-service; when a reading from the device last arrived (written in the reading
-- batch's transaction); and how far a silence has gone (none, warning, urgent) with the patient whose device-silent
-- alert it raised. The silence checker locks rows with FOR UPDATE SKIP LOCKED so that replicas never both raise.
create table device_watch (
    device_id          text        primary key,
    patient_id         text,
    assigned_since     timestamptz,
    last_seen_at       timestamptz,
    silence_level      text        not null default 'none' check (silence_level in ('none', 'warning', 'urgent')),
    alerted_patient_id text,
    updated_at         timestamptz not null,
    check ((patient_id is null) = (assigned_since is null))
);
create index device_watch_assigned on device_watch (silence_level) where patient_id is not null;
