-- From this version on, records are hashed with HMAC-SHA256 under a key kept outside the database (chain_format 2);
-- rows appended before keep chain_format 1 (plain SHA-256) and still verify. See README, "The chain".
ALTER TABLE audit_event ADD CONSTRAINT audit_event_known_chain_format CHECK (chain_format IN (1, 2));
COMMENT ON COLUMN audit_event.chain_format IS
    '1: hash = SHA-256(prev_hash || canonical form); 2: hash = HMAC-SHA256(chain key, prev_hash || canonical form)';
