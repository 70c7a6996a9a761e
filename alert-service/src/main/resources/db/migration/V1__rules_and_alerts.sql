-- Alert rules are data: alert-service loads the enabled ones into memory and refreshes them periodically.
-- A threshold rule compares one value of a reading (its value, or the named component of a blood pressure) with a
-- threshold in the type's canonical UCUM unit.
create table rule (
    id          text primary key,
    vital_type  text    not null,
    component   text    check (component in ('systolic')),
    operator    text    not null check (operator in ('gt', 'ge', 'lt', 'le')),
    threshold   numeric not null,
    unit        text    not null,
    severity    text    not null check (severity in ('low', 'medium', 'high')),
    enabled     boolean not null default true,
    description text    not null
);

-- The fixed first rule set, as given by the product issue that introduced alert-service. Severities follow NEWS2's
-- single-parameter red score (a score of 3 in one parameter calls for an urgent review): high where the threshold is
-- in NEWS2's score-3 band, medium otherwise. See alert-service/README.md.
insert into rule (id, vital_type, component, operator, threshold, unit, severity, description) values
    ('heart-rate-high',       'heart-rate',       null,       'gt', 130,  '/min',   'high',   'Heart rate above 130 /min'),
    ('heart-rate-low',        'heart-rate',       null,       'lt', 40,   '/min',   'high',   'Heart rate below 40 /min'),
    ('spo2-low',              'spo2',             null,       'lt', 90,   '%',      'high',   'SpO2 below 90 %'),
    ('systolic-high',         'blood-pressure',   'systolic', 'gt', 180,  'mm[Hg]', 'medium', 'Systolic blood pressure above 180 mm[Hg]'),
    ('systolic-low',          'blood-pressure',   'systolic', 'lt', 90,   'mm[Hg]', 'high',   'Systolic blood pressure below 90 mm[Hg]'),
    ('temperature-high',      'body-temperature', null,       'ge', 39.1, 'Cel',    'medium', 'Temperature at or above 39.1 Cel'),
    ('respiratory-rate-high', 'respiratory-rate', null,       'ge', 25,   '/min',   'high',   'Respiratory rate at or above 25 /min'),
    ('respiratory-rate-low',  'respiratory-rate', null,       'le', 8,    '/min',   'high',   'Respiratory rate at or below 8 /min'),
    ('glucose-low',           'blood-glucose',    null,       'lt', 70,   'mg/dL',  'medium', 'Blood glucose below 70 mg/dL'),
    ('glucose-high',          'blood-glucose',    null,       'gt', 250,  'mg/dL',  'medium', 'Blood glucose above 250 mg/dL');

-- An alert is raised by a rule for a patient. While it is active (open or acknowledged) further breaches of the same
-- rule update it, keeping the worst value; only after it is resolved can the rule raise a new one.
-- rule_id has no foreign key: later rule kinds (NEWS2, trends, technical alerts) need not live in the rule table.
create table alert (
    id                 uuid primary key,
    patient_id         text             not null,
    type               text             not null,
    category           text             not null,
    severity           text             not null check (severity in ('low', 'medium', 'high')),
    rule_id            text             not null,
    message            text             not null,
    value              double precision not null,
    unit               text,
    worse              text             not null check (worse in ('higher', 'lower')),
    observed_at        timestamptz      not null,
    raised_at          timestamptz      not null,
    updated_at         timestamptz      not null,
    status             text             not null check (status in ('open', 'acknowledged', 'resolved')),
    acknowledged_at    timestamptz,
    acknowledged_by    text,
    acknowledge_comment text,
    device_id          text             not null,
    reading_id         uuid             not null
);

create unique index alert_one_active_per_patient_and_rule on alert (patient_id, rule_id)
    where status in ('open', 'acknowledged');
create index alert_by_patient on alert (patient_id, raised_at desc);
create index alert_by_status on alert (status, raised_at desc);
