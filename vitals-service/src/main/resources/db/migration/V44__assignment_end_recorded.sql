-- When an assignment's end was recorded, apart from the end itself (valid_to, which may be backdated or lie in the
-- future). A device token issued after an assignment had ended, both in effect and on record, may not file readings
-- into it (issue 13: a token minted after a move must not write into an earlier wearer's record). Ends recorded before
-- this column existed stay null, and are not held against any token.
ALTER TABLE device_assignment ADD COLUMN valid_to_recorded_at timestamptz;
COMMENT ON COLUMN device_assignment.valid_to_recorded_at IS 'when valid_to was set; null while current or for ends recorded before V44';
