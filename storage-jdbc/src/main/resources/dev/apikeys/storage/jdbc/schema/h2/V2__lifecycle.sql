-- Key lifecycle: a hint to tell keys apart, an expiry, and when a key was last used.
-- H2 2.x. Every column is nullable: rows written before this file have none of them. The
-- timestamps are instants kept to the millisecond, like created_at. Safe to run again, and on a
-- table created by V1 that already holds keys.
ALTER TABLE apikeys ADD COLUMN IF NOT EXISTS key_hint     VARCHAR(4);
ALTER TABLE apikeys ADD COLUMN IF NOT EXISTS expires_at   TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE apikeys ADD COLUMN IF NOT EXISTS last_used_at TIMESTAMP(3) WITH TIME ZONE;
