-- Patients: the FHIR Patient document as received (stamped with id and meta), plus the columns FHIR search needs.
CREATE TABLE patient (
    id           varchar(64) PRIMARY KEY,
    resource     jsonb       NOT NULL,
    identifiers  text[]      NOT NULL DEFAULT '{}',
    family       text,
    given        text,
    birth_date   date,
    version_id   integer     NOT NULL,
    last_updated timestamptz NOT NULL
);
CREATE INDEX patient_identifiers_idx ON patient USING gin (identifiers);
CREATE INDEX patient_family_idx ON patient (lower(family));

-- Devices: only the SHA-256 of the bearer token is kept, never the token.
CREATE TABLE device (
    id           varchar(64) PRIMARY KEY,
    serial       text        NOT NULL,
    manufacturer text        NOT NULL,
    model        text        NOT NULL,
    token_hash   char(64)    NOT NULL,
    active       boolean     NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL,
    CONSTRAINT device_manufacturer_serial_key UNIQUE (manufacturer, serial),
    CONSTRAINT device_token_hash_key UNIQUE (token_hash)
);

-- Assignment history: [valid_from, valid_to), valid_to null while current. Readings are attributed by their time.
CREATE TABLE device_assignment (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id  varchar(64) NOT NULL REFERENCES device (id),
    patient_id varchar(64) NOT NULL REFERENCES patient (id),
    valid_from timestamptz NOT NULL,
    valid_to   timestamptz,
    CONSTRAINT device_assignment_interval_check CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX device_assignment_device_idx ON device_assignment (device_id, valid_from);
CREATE INDEX device_assignment_patient_idx ON device_assignment (patient_id);
