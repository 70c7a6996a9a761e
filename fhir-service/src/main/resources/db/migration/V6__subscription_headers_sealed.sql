-- channel.header values (often a receiver's credentials) are stored sealed (AES-256-GCM with vigil.secrets.key,
-- service-support's SecretBox) from now on, each array element on its own, and no longer inside the stored document
-- (issue 13). SQL cannot encrypt with a key from configuration, so rows kept in clear before are marked here and
-- sealed by the service when it starts (SecretSealing), which also takes the headers out of their documents.
alter table subscription add column headers_sealed boolean;
update subscription set headers_sealed = false;
alter table subscription alter column headers_sealed set not null;
