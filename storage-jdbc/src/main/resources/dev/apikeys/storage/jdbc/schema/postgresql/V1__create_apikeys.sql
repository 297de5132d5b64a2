-- API keys, one row per key; the plaintext key is never stored, only its SHA-256 digest.
-- PostgreSQL (tested on 14 and 15). Tenant and name use the "C" collation: they compare by code
-- point, case-, accent- and space-sensitive, whatever the database's default locale.
-- created_at is an instant kept to the millisecond.
CREATE TABLE IF NOT EXISTS apikeys (
  tenant     VARCHAR(256) COLLATE "C"   NOT NULL,
  name       VARCHAR(128) COLLATE "C"   NOT NULL,
  role       VARCHAR(128)               NOT NULL,
  key_digest BYTEA                      NOT NULL,
  key_id     VARCHAR(64)                NOT NULL,
  created_by VARCHAR(256)               NOT NULL,
  created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT apikeys_pk PRIMARY KEY (tenant, name),
  CONSTRAINT apikeys_key_digest_uq UNIQUE (key_digest),
  CONSTRAINT apikeys_key_digest_length CHECK (octet_length(key_digest) = 32)
);
