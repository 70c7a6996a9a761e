-- Who made each alert webhook subscription, as their token said when they made it: every delivery is decided again
-- for them with the rules of docs/security.md (issue 13). Subscriptions made before this have no owner, and their
-- deliveries are withheld until they are made again.
alter table alert_subscription
    add column owner           text,
    add column owner_type      text,
    add column owner_client_id text,
    add column owner_roles     text[] not null default '{}',
    add column owner_scopes    text[] not null default '{}';

-- withheld: not sent, because the owner may not read that patient's alerts (any longer).
alter table webhook_delivery drop constraint webhook_delivery_status_check;
alter table webhook_delivery add constraint webhook_delivery_status_check
    check (status in ('pending', 'delivered', 'failed', 'withheld'));
