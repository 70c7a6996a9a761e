-- FHIR R4 Subscriptions (rest-hook) and one notification row per (subscription, event): docs/adr/0006.
create table subscription (
    id              uuid primary key,
    version_id      bigint      not null,
    last_updated    timestamptz not null,
    created_at      timestamptz not null,
    -- the token subject that created it: the only one who sees and changes it
    owner           text        not null,
    -- the criteria, parsed: Observation or Flag, of one patient or any, of some reading types or any
    resource_type   text        not null check (resource_type in ('Observation', 'Flag')),
    patient_id      text,
    types           text[],
    status          text        not null check (status in ('active', 'error', 'off')),
    error           text,
    endpoint        text        not null,
    -- channel.payload mime type; null: notifications carry no body
    payload         text,
    headers         text[]      not null default '{}',
    -- the Subscription as the client sent it, without id and meta; status and error come from the columns
    resource        text        not null
);
create index subscription_owner on subscription (owner);
create index subscription_match on subscription (resource_type, patient_id) where status <> 'off';

create table notification (
    subscription_id uuid        not null references subscription (id) on delete cascade,
    event_id        uuid        not null,
    resource_ref    text        not null,
    body            bytea,
    status          text        not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
    attempts        int         not null default 0,
    created_at      timestamptz not null,
    next_attempt_at timestamptz not null,
    last_attempt_at timestamptz,
    last_status_code int,
    last_error      text,
    delivered_at    timestamptz,
    primary key (subscription_id, event_id)
);
create index notification_due on notification (next_attempt_at) where status = 'pending';
create index notification_done on notification (created_at) where status <> 'pending';
