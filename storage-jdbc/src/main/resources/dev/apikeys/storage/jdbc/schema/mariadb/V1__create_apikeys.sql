-- API keys, one row per key; the plaintext key is never stored, only its SHA-256 digest.
-- MariaDB 10.3 or later (tested on 10.11), InnoDB. Text is utf8mb4 with the utf8mb4_nopad_bin
-- collation: it compares by code point, case-, accent- and trailing-space-sensitive
-- (utf8mb4_bin would take 'a' and 'a ' for the same name).
-- created_at is DATETIME(3) in UTC: MariaDB has no type for an instant.
CREATE TABLE IF NOT EXISTS apikeys (
  tenant     VARCHAR(256) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  name       VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  role       VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  key_digest BINARY(32)                                                  NOT NULL,
  key_id     VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  created_by VARCHAR(256) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  created_at DATETIME(3)                                                 NOT NULL,
  CONSTRAINT apikeys_pk PRIMARY KEY (tenant, name),
  CONSTRAINT apikeys_key_digest_uq UNIQUE (key_digest)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
