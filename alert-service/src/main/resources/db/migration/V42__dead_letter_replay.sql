-- Dead letters an operator replayed (docs/reliability.md, "Dead letters"): one row each, written in the transaction
-- that processed the replay, so that a dead letter is replayed at most once and a failed replay leaves no row.
CREATE TABLE dead_letter_replay (
    id          text        PRIMARY KEY,  -- <dead-letter topic>:<partition>:<offset>
    replayed_at timestamptz NOT NULL,
    replayed_by text        NOT NULL,
    outcome     text        NOT NULL
);
