-- API keys, one row per key; the plaintext key is never stored, only its SHA-256 digest.
-- H2 2.x (tested on 2.5). H2 counts VARCHAR lengths in UTF-16 code units: a name of 128 code
-- points may need 256. Text compares exactly (case-, accent- and space-sensitive) unless the
-- database is opened with IGNORECASE=TRUE or another COLLATION: do not.
-- created_at is an instant kept to the millisecond.
CREATE TABLE IF NOT EXISTS apikeys (
  tenant     VARCHAR(256)               NOT NULL,
  name       VARCHAR(256)               NOT NULL,
  role       VARCHAR(128)               NOT NULL,
  key_digest BINARY(32)                 NOT NULL,
  key_id     VARCHAR(64)                NOT NULL,
  created_by VARCHAR(256)               NOT NULL,
  created_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  CONSTRAINT apikeys_pk PRIMARY KEY (tenant, name),
  CONSTRAINT apikeys_key_digest_uq UNIQUE (key_digest)
);
