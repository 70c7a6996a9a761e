-- The audit log: one row per AuditRecorded, appended to a hash chain and never updated (see README, "The chain").
CREATE TABLE audit_event (
    seq            bigint      PRIMARY KEY,          -- 1, 2, 3, ... without gaps, in order of appending
    chain_format   smallint    NOT NULL,             -- version of the canonical serialisation the hash covers
    prev_hash      bytea       NOT NULL,             -- the previous row's hash; 32 zero bytes for seq 1
    hash           bytea       NOT NULL,             -- SHA-256(prev_hash || canonical form of this row)
    event_id       uuid        NOT NULL UNIQUE,      -- a redelivered record is recognised by it and skipped
    recorded_at    timestamptz NOT NULL,
    stored_at      timestamptz NOT NULL,
    service        text        NOT NULL,
    action         text        NOT NULL,
    resource       text        NOT NULL,
    outcome        text        NOT NULL,
    agent          text        NOT NULL,
    agent_type     text        NOT NULL,
    client_id      text,
    roles          text[]      NOT NULL,
    patient_ids    text[]      NOT NULL,
    request        text,
    source_address text,
    correlation_id text,
    reason         text,
    break_glass    boolean     NOT NULL,
    CONSTRAINT audit_event_hashes_are_sha256 CHECK (octet_length(prev_hash) = 32 AND octet_length(hash) = 32)
);

-- Search: by patient (array containment), by agent, by time, and the break-glass records awaiting review.
CREATE INDEX audit_event_patient_ids ON audit_event USING gin (patient_ids);
CREATE INDEX audit_event_agent ON audit_event (agent, seq);
CREATE INDEX audit_event_recorded_at ON audit_event (recorded_at);
CREATE INDEX audit_event_break_glass ON audit_event (seq) WHERE break_glass;

-- The end of the chain: one row, locked (SELECT ... FOR UPDATE) by every append, so that all consumers of every
-- replica append to one chain, one batch at a time.
CREATE TABLE chain_head (
    id   smallint PRIMARY KEY CHECK (id = 1),
    seq  bigint   NOT NULL,
    hash bytea    NOT NULL
);
INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

-- Reviews of break-glass records, apart from the chained rows, which are never updated.
CREATE TABLE break_glass_review (
    event_id    uuid        PRIMARY KEY REFERENCES audit_event (event_id),
    reviewer    text        NOT NULL,
    reviewed_at timestamptz NOT NULL,
    note        text        NOT NULL
);
