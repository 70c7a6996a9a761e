-- The ward view (org.vigil.alert.ward): the latest value of each vital type per patient, upserted once per consumed
-- batch and only by a newer reading (a backlog or a redelivery never overwrites a newer value).
create table latest_value (
    patient_id  text             not null,
    vital_type  text             not null,
    value       double precision,
    systolic    double precision,
    diastolic   double precision,
    code        text,
    unit        text,
    observed_at timestamptz      not null,
    received_at timestamptz      not null,
    reading_id  uuid             not null,
    primary key (patient_id, vital_type)
);

-- Whom an escalation notified (the chain's subscriber for that level), for the alert inbox; written with the
-- 'escalated' history row. Rows written before this column existed name it in their detail ("..., notifying X").
alter table alert_event add column notified text;
update alert_event set notified = substring(detail from 'notifying (.+)$') where change = 'escalated';

-- The ward's per-patient counts of active alerts, and the devices assigned to a patient.
create index alert_active_by_patient on alert (patient_id) where status in ('open', 'acknowledged');
create index device_watch_by_patient on device_watch (patient_id) where patient_id is not null;
