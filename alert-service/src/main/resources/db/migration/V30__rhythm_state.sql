-- State of the possible-af rule (org.vigil.alert.rhythm) per patient, written in the batch transaction so that it
-- survives restarts and rebalances: the RR intervals received that do not make a whole 128-beat segment yet, where the
-- series they belong to ends (a window that does not follow on starts a new series), and whether an AF episode is
-- active with how many regular segments have followed it.
create table rhythm_state (
    patient_id       text primary key,
    pending          double precision[] not null,
    last_window_at   timestamptz        not null,
    series_end       timestamptz        not null,
    af_active        boolean            not null,
    regular_segments integer            not null,
    updated_at       timestamptz        not null
);
