-- Changes to keys, for the caches of every process that shares the database: each insert or
-- delete of a key adds a row here in its own transaction, and each process's change feed polls
-- the rows after the last it saw. Rows are deleted once they are older than every feed needs.
-- MariaDB 10.3 or later, InnoDB. changed_at is DATETIME(3) in UTC. Safe to run again.
CREATE TABLE IF NOT EXISTS apikeys_changes (
  id         BIGINT       NOT NULL AUTO_INCREMENT,
  tenant     VARCHAR(256) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  key_digest BINARY(32)   NOT NULL,
  changed_at DATETIME(3)  NOT NULL,
  CONSTRAINT apikeys_changes_pk PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_nopad_bin;
