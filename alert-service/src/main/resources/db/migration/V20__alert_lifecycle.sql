-- Alert lifecycle (issue 4): history, escalation, notifications. Every table here is written in the transaction of the
-- alert change it records, so that history, escalation clock and outgoing notifications never disagree with the alert.

-- Escalation: how many times the alert escalated, and when it next escalates unless acknowledged (null: never).
alter table alert add column escalation_level  int not null default 0;
alter table alert add column escalation_due_at timestamptz;
create index alert_escalation_due on alert (escalation_due_at) where escalation_due_at is not null;
create index alert_by_category on alert (category, raised_at desc);

-- The whole history of an alert, one row per change: raised, updated (worse value), acknowledged, commented,
-- escalated, resolved. Comments are the 'commented' rows.
create table alert_event (
    seq      bigserial primary key,
    id       uuid        not null unique,
    alert_id uuid        not null references alert (id) on delete cascade,
    change   text        not null
        check (change in ('raised', 'updated', 'acknowledged', 'commented', 'escalated', 'resolved')),
    at       timestamptz not null,
    by       text,
    detail   text,
    escalation_level int not null
);
create index alert_event_by_alert on alert_event (alert_id, seq);

-- Transactional outbox of AlertChanged events (encoded as on the wire): relayed to vigil.alert-changed.v1 and to the
-- live stream after commit, then marked published. reading_received_at feeds the vigil.alert.latency timer.
create table alert_outbox (
    seq                 bigserial primary key,
    event_id            uuid        not null unique,
    patient_id          text        not null,
    change              text        not null,
    payload             bytea       not null,
    reading_received_at timestamptz,
    created_at          timestamptz not null,
    published_at        timestamptz
);
create index alert_outbox_unpublished on alert_outbox (seq) where published_at is null;

-- Webhook subscribers. The secret is kept as given (it is needed to sign) and never returned by the API.
create table alert_subscription (
    id                uuid primary key,
    name              text        not null unique,
    url               text        not null,
    secret            text        not null,
    categories        text[]      not null,
    min_severity      text        not null,
    min_severity_rank int         not null,
    created_at        timestamptz not null
);

-- One row per event and subscriber: the webhook outbox, with its retry state.
create table webhook_delivery (
    id               uuid primary key,
    subscription_id  uuid        not null references alert_subscription (id) on delete cascade,
    event_id         uuid        not null,
    alert_id         uuid        not null,
    change           text        not null,
    payload          bytea       not null,
    status           text        not null check (status in ('pending', 'delivered', 'failed')),
    attempts         int         not null default 0,
    created_at       timestamptz not null,
    next_attempt_at  timestamptz not null,
    last_attempt_at  timestamptz,
    last_status_code int,
    last_error       text,
    delivered_at     timestamptz,
    unique (subscription_id, event_id)
);
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending';
create index webhook_delivery_by_subscription on webhook_delivery (subscription_id, created_at desc);
