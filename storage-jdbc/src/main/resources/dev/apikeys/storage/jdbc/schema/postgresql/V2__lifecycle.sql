-- Key lifecycle: a hint to tell keys apart, an expiry, and when a key was last used.
-- PostgreSQL (tested on 14 and 15). Every column is nullable: rows written before this file have
-- none of them, and adding a nullable column rewrites no row. The timestamps are instants kept to
-- the millisecond, like created_at. One statement, so all three columns come at once; safe to run
-- again, and on a table created by V1 that already holds keys.
ALTER TABLE apikeys
  ADD COLUMN IF NOT EXISTS key_hint     VARCHAR(4),
  ADD COLUMN IF NOT EXISTS expires_at   TIMESTAMP(3) WITH TIME ZONE,
  ADD COLUMN IF NOT EXISTS last_used_at TIMESTAMP(3) WITH TIME ZONE;
