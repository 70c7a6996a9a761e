-- Issue 4: NEWS2, per-patient thresholds with anti-fatigue settings, trend rules.

-- NEWS2's "a 3 in any single parameter" band is its own severity.
alter table alert drop constraint alert_severity_check;
alter table alert add constraint alert_severity_check
    check (severity in ('low', 'low-medium', 'medium', 'high'));
alter table rule drop constraint rule_severity_check;
alter table rule add constraint rule_severity_check
    check (severity in ('low', 'low-medium', 'medium', 'high'));

-- Trend rules live in the rule table too, so that their threshold, severity and enablement are data and can be
-- overridden per patient like any threshold; only kind 'threshold' rules compare a reading's value with the threshold.
alter table rule add column kind text not null default 'threshold' check (kind in ('threshold', 'trend'));
-- Against alarm fatigue: raise only after `consecutive` breaching readings spanning at least `min_duration_seconds`;
-- clear (resolve automatically) only after `clear_readings` readings beyond the threshold by `clear_margin` on the
-- normal side.
alter table rule add column consecutive          integer not null default 1 check (consecutive between 1 and 100);
alter table rule add column min_duration_seconds integer not null default 0
    check (min_duration_seconds between 0 and 86400);
alter table rule add column clear_margin         numeric not null default 0 check (clear_margin >= 0);
alter table rule add column clear_readings       integer not null default 1 check (clear_readings between 1 and 100);

-- Hysteresis defaults: a value must come back clearly inside the normal range, twice, before the alert resolves
-- itself (a value hovering at the threshold would otherwise raise and resolve by turns).
update rule set clear_readings = 2, clear_margin = case id
    when 'heart-rate-high' then 5
    when 'heart-rate-low' then 5
    when 'spo2-low' then 2
    when 'systolic-high' then 10
    when 'systolic-low' then 5
    when 'temperature-high' then 0.3
    when 'respiratory-rate-high' then 2
    when 'respiratory-rate-low' then 2
    when 'glucose-low' then 10
    when 'glucose-high' then 20
    else 0 end;

insert into rule (id, vital_type, component, operator, threshold, unit, severity, enabled, description, kind) values
    ('glucose-falling-fast',  'blood-glucose', null, 'lt', -2, 'mg/dL/min', 'medium', true,
     'Blood glucose falling faster than 2 mg/dL/min over the last 15 minutes', 'trend'),
    ('glucose-predicted-low', 'blood-glucose', null, 'lt', 70, 'mg/dL',     'medium', true,
     'Blood glucose forecast (Nightscout AR2, 30 minutes ahead) below 70 mg/dL', 'trend'),
    -- Heart-failure weight gain: enabled per patient through their thresholds.
    ('weight-gain',           'body-weight',   null, 'ge', 2,  'kg',        'medium', false,
     'Body weight up 2 kg or more within 2 days', 'trend');

-- Per-patient overrides of a rule's settings (PUT /api/v1/patients/{id}/thresholds); a rule without a row here runs
-- with its defaults from the rule table.
create table patient_rule (
    patient_id           text        not null,
    rule_id              text        not null references rule (id),
    operator             text        not null check (operator in ('gt', 'ge', 'lt', 'le')),
    threshold            numeric     not null,
    severity             text        not null check (severity in ('low', 'low-medium', 'medium', 'high')),
    enabled              boolean     not null,
    consecutive          integer     not null check (consecutive between 1 and 100),
    min_duration_seconds integer     not null check (min_duration_seconds between 0 and 86400),
    clear_margin         numeric     not null check (clear_margin >= 0),
    clear_readings       integer     not null check (clear_readings between 1 and 100),
    updated_at           timestamptz not null,
    primary key (patient_id, rule_id)
);

-- Where each patient stands with each threshold rule: the newest reading it saw (out-of-order readings older than it
-- change nothing), the current run of breaching readings, the run of clearing ones, and whether it raised.
create table rule_state (
    patient_id       text        not null,
    rule_id          text        not null,
    newest_at        timestamptz not null,
    newest_reading   uuid        not null,
    newest_breaching boolean     not null,
    breach_count     integer     not null,
    breach_since     timestamptz,
    clear_count      integer     not null,
    raised           boolean     not null,
    primary key (patient_id, rule_id)
);

-- A short, time-bounded history of the values NEWS2 and the trend rules need (pruned on write), so that a score can
-- be computed at any reading's time, backlog included.
create table recent_value (
    patient_id  text             not null,
    parameter   text             not null,
    observed_at timestamptz      not null,
    value       double precision not null,
    reading_id  uuid             not null,
    primary key (patient_id, parameter, observed_at, reading_id)
);

create table news2_settings (
    patient_id text        primary key,
    scale      integer     not null check (scale in (1, 2)),
    updated_at timestamptz not null
);

-- Every NEWS2 score computed, one per reading that triggered it (so a redelivered reading stores nothing twice).
-- total and risk are null for an incomplete score: a missing parameter is never scored as if it were normal.
create table news2_score (
    id               uuid        primary key,
    patient_id       text        not null,
    computed_at      timestamptz not null,
    total            integer,
    risk             text        check (risk in ('low', 'low-medium', 'medium', 'high')),
    scale            integer     not null check (scale in (1, 2)),
    complete         boolean     not null,
    missing          text[]      not null,
    respiration_rate integer,
    spo2             integer,
    air_or_oxygen    integer,
    systolic         integer,
    pulse            integer,
    consciousness    integer,
    temperature      integer,
    based_on         uuid[]      not null,
    trigger_reading  uuid        not null,
    created_at       timestamptz not null,
    unique (patient_id, trigger_reading)
);
create index news2_score_by_patient on news2_score (patient_id, computed_at desc, created_at desc);
