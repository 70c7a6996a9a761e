-- Who made each Subscription, as their token said when they made or last changed it: every notification is decided
-- again for them with the rules of docs/security.md before it is sent (issue 13). Null roles: made before this was
-- kept; such a Subscription's notifications are withheld until its owner updates it.
alter table subscription
    add column owner_type      text,
    add column owner_client_id text,
    add column owner_roles     text[],
    add column owner_scopes    text[];

-- Whose data a notification carries (a code-only Subscription names no patient).
alter table notification add column patient_id text;
-- withheld: not sent, because the owner may not read that patient's data (any longer).
alter table notification drop constraint notification_status_check;
alter table notification add constraint notification_status_check
    check (status in ('pending', 'delivered', 'failed', 'withheld'));
