-- Rotation: the key a name had before its last rotation, which authenticates until
-- previous_expires_at (the end of its grace period), and then is dead until the next rotation
-- replaces it or a revoke deletes the row. At most one per name: a row holds the name's key and its
-- previous key. PostgreSQL (tested on 14 and 15). Every column is nullable (no previous key) and
-- adding them rewrites no row; the index finds a previous key by its digest, as the primary
-- digest's finds a key. Safe to run again.
ALTER TABLE apikeys
  ADD COLUMN IF NOT EXISTS previous_digest     BYTEA,
  ADD COLUMN IF NOT EXISTS previous_key_id     VARCHAR(64),
  ADD COLUMN IF NOT EXISTS previous_hint       VARCHAR(4),
  ADD COLUMN IF NOT EXISTS previous_created_by VARCHAR(256),
  ADD COLUMN IF NOT EXISTS previous_created_at TIMESTAMP(3) WITH TIME ZONE,
  ADD COLUMN IF NOT EXISTS previous_expires_at TIMESTAMP(3) WITH TIME ZONE;
CREATE UNIQUE INDEX IF NOT EXISTS apikeys_previous_digest_uq ON apikeys (previous_digest);
