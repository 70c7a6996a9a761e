-- Alerts can be resolved: by a person, or automatically when the rule's condition is over.
ALTER TABLE alert ADD COLUMN resolved_at timestamptz;
ALTER TABLE alert ADD COLUMN resolved_by text;
ALTER TABLE alert ADD COLUMN resolution text;
