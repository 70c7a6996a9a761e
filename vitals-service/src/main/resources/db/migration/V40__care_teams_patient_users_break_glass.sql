-- Who may see which patient (docs/security.md): care teams, the patient-role user linked to their own record, and
-- break-glass grants. vitals-service answers GET /internal/v1/subjects/{subject}/patients from these tables.
CREATE TABLE care_team (
    id         uuid        PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT care_team_name_key UNIQUE (name)
);

-- subject: the access token's sub of a person (a clinician's user name).
CREATE TABLE care_team_member (
    team_id uuid NOT NULL REFERENCES care_team (id) ON DELETE CASCADE,
    subject text NOT NULL,
    PRIMARY KEY (team_id, subject)
);
CREATE INDEX care_team_member_subject_idx ON care_team_member (subject);

CREATE TABLE care_team_patient (
    team_id    uuid        NOT NULL REFERENCES care_team (id) ON DELETE CASCADE,
    patient_id varchar(64) NOT NULL REFERENCES patient (id),
    PRIMARY KEY (team_id, patient_id)
);
CREATE INDEX care_team_patient_patient_idx ON care_team_patient (patient_id);

-- One patient-role user per patient record, and one record per such user.
CREATE TABLE patient_user (
    patient_id varchar(64) PRIMARY KEY REFERENCES patient (id),
    subject    text        NOT NULL,
    CONSTRAINT patient_user_subject_key UNIQUE (subject)
);

-- A clinician opened a patient outside their care teams; the grant counts while now < until. Never deleted: it is
-- part of the record of who could see what.
CREATE TABLE break_glass_grant (
    id         uuid        PRIMARY KEY,
    subject    text        NOT NULL,
    patient_id varchar(64) NOT NULL REFERENCES patient (id),
    reason     text        NOT NULL,
    granted_at timestamptz NOT NULL,
    until      timestamptz NOT NULL,
    CONSTRAINT break_glass_grant_interval_check CHECK (until > granted_at)
);
CREATE INDEX break_glass_grant_subject_idx ON break_glass_grant (subject, until);
