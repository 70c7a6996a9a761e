-- rr-intervals (a series of values over a window starting at the reading's time) and fall (an event, optionally with
-- where it happened). Added as nullable columns: they apply only to their types, and adding a nullable column without
-- a default is a catalogue change in PostgreSQL, instant on a table of any size (and passed on to every partition).
ALTER TABLE readings
    ADD COLUMN "values"  double precision[],
    ADD COLUMN latitude  double precision,
    ADD COLUMN longitude double precision;

ALTER TABLE latest_vital
    ADD COLUMN "values"  double precision[],
    ADD COLUMN latitude  double precision,
    ADD COLUMN longitude double precision;
