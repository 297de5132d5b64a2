-- Key lifecycle: a hint to tell keys apart, an expiry, and when a key was last used.
-- MariaDB 10.3 or later (tested on 10.11), InnoDB. Every column is nullable: rows written before
-- this file have none of them. The timestamps are DATETIME(3) in UTC, like created_at. One
-- statement, so all three columns come at once; safe to run again (existing columns are skipped
-- with a note), and on a table created by V1 that already holds keys.
ALTER TABLE apikeys
  ADD COLUMN IF NOT EXISTS key_hint     VARCHAR(4) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL,
  ADD COLUMN IF NOT EXISTS expires_at   DATETIME(3)                                                 NULL,
  ADD COLUMN IF NOT EXISTS last_used_at DATETIME(3)                                                 NULL;
