-- Falls reported for each patient (org.vigil.alert.fall), one row per fall reading (a redelivered one is not counted
-- twice), so that the fall alert can say how many falls the patient had in the last 24 hours.
create table fall_event (
    reading_event_id uuid        primary key,
    patient_id       text        not null,
    fell_at          timestamptz not null
);
create index fall_event_by_patient on fall_event (patient_id, fell_at);
