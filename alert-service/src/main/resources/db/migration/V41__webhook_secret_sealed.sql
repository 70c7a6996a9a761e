-- Webhook secrets are stored sealed (AES-256-GCM with vigil.secrets.key, service-support's SecretBox) from now on
-- (issue 13). SQL cannot encrypt with a key from configuration, so the rows kept in clear before are marked here and
-- sealed by the service when it starts (SecretSealing); until then they are read as they are.
alter table alert_subscription add column secret_sealed boolean;
update alert_subscription set secret_sealed = false;
alter table alert_subscription alter column secret_sealed set not null;
