-- Several token hashes per device, so that a rotated token stays valid for a grace period while the device picks up
-- its new one. A credential is valid while revoked_at is null and (valid_until is null or now < valid_until);
-- valid_until null marks the current token. Only SHA-256 hashes are stored, never tokens.
CREATE TABLE device_credential (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id   varchar(64) NOT NULL REFERENCES device (id),
    token_hash  char(64)    NOT NULL,
    created_at  timestamptz NOT NULL,
    valid_until timestamptz,
    revoked_at  timestamptz,
    CONSTRAINT device_credential_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX device_credential_device_idx ON device_credential (device_id);
-- At most one current token per device.
CREATE UNIQUE INDEX device_credential_current_key ON device_credential (device_id)
    WHERE valid_until IS NULL AND revoked_at IS NULL;

INSERT INTO device_credential (device_id, token_hash, created_at)
SELECT id, token_hash, created_at FROM device;

ALTER TABLE device DROP COLUMN token_hash;
