-- Readings, one row per ReadingRecorded event, partitioned by month of the reading's time so that the table can grow
-- to billions of rows: queries prune to the months they ask for, old months can be detached or dropped whole.
-- No foreign keys: this is the hot path, and ingest has already checked device and patient.
CREATE TABLE readings (
    id                  uuid             NOT NULL,
    device_id           varchar(64)      NOT NULL,
    reading_id          varchar(128)     NOT NULL,
    patient_id          varchar(64)      NOT NULL,
    type                varchar(32)      NOT NULL,
    time                timestamptz      NOT NULL,
    received_at         timestamptz      NOT NULL,
    value               double precision,
    unit                varchar(32),
    systolic            double precision,
    diastolic           double precision,
    consciousness       char(1),
    supplemental_oxygen boolean,
    oxygen_flow         double precision,
    source              varchar(64)      NOT NULL,
    -- The partition key must be part of every unique index; (id, time) also serves look-ups by event id.
    PRIMARY KEY (id, time)
) PARTITION BY RANGE (time);

CREATE INDEX readings_patient_type_time_idx ON readings (patient_id, type, time);

-- Whatever falls outside the monthly partitions (far past, far future, a missed maintenance run) lands here rather
-- than being refused; create_reading_partitions moves such rows out when their month gets its partition.
CREATE TABLE readings_default PARTITION OF readings DEFAULT;

-- Creates the monthly partitions for every month from from_month to to_month (both included). Idempotent and safe
-- to run from several instances at once.
CREATE FUNCTION create_reading_partitions(from_month date, to_month date) RETURNS integer
    LANGUAGE plpgsql
    SET search_path FROM CURRENT
AS $$
DECLARE
    v_month   date := date_trunc('month', from_month)::date;
    v_lower   timestamptz;
    v_upper   timestamptz;
    v_name    text;
    v_created integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('vitals.create_reading_partitions'));
    WHILE v_month <= to_month LOOP
        v_name := format('readings_%s', to_char(v_month, 'YYYY_MM'));
        v_lower := v_month::timestamp AT TIME ZONE 'UTC';
        v_upper := (v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
        IF to_regclass(v_name) IS NULL THEN
            IF EXISTS (SELECT 1 FROM readings_default WHERE time >= v_lower AND time < v_upper) THEN
                -- Rows of this month already sit in the default partition: move them into the new table, then attach.
                LOCK TABLE readings_default IN ACCESS EXCLUSIVE MODE;
                EXECUTE format('CREATE TABLE %I (LIKE readings INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v_name);
                EXECUTE format('WITH moved AS (DELETE FROM readings_default WHERE time >= $1 AND time < $2 RETURNING *)'
                               ' INSERT INTO %I SELECT * FROM moved', v_name) USING v_lower, v_upper;
                EXECUTE format('ALTER TABLE readings ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                               v_name, v_lower, v_upper);
            ELSE
                EXECUTE format('CREATE TABLE %I PARTITION OF readings FOR VALUES FROM (%L) TO (%L)',
                               v_name, v_lower, v_upper);
            END IF;
            v_created := v_created + 1;
        END IF;
        v_month := (v_month + interval '1 month')::date;
    END LOOP;
    RETURN v_created;
END;
$$;

SELECT create_reading_partitions((date_trunc('month', now()) - interval '1 month')::date,
                                 (date_trunc('month', now()) + interval '3 months')::date);

-- One row per (device, reading id): the exactly-once ledger. Ingest claims a key (stored = false) before publishing;
-- the consumer flips it to stored in the transaction that inserts the reading, and inserts only if it made the flip.
CREATE TABLE reading_key (
    device_id  varchar(64)  NOT NULL,
    reading_id varchar(128) NOT NULL,
    stored     boolean      NOT NULL,
    claimed_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, reading_id)
);

-- The newest reading per patient and type, by reading time, kept by the consumer for the "latest vitals" view.
CREATE TABLE latest_vital (
    patient_id          varchar(64)      NOT NULL,
    type                varchar(32)      NOT NULL,
    id                  uuid             NOT NULL,
    device_id           varchar(64)      NOT NULL,
    reading_id          varchar(128)     NOT NULL,
    time                timestamptz      NOT NULL,
    received_at         timestamptz      NOT NULL,
    value               double precision,
    unit                varchar(32),
    systolic            double precision,
    diastolic           double precision,
    consciousness       char(1),
    supplemental_oxygen boolean,
    oxygen_flow         double precision,
    PRIMARY KEY (patient_id, type)
);
