/**
 * The replica key of test and bench data directories (docs/decisions/0016-encrypted-replica.md):
 * a fixed key, so that a test can reopen a data directory and a child process or a web host open
 * the parent's (BUFFERT_REPLICA_KEY). Real workstations get a random one. No imports: the
 * Playwright config reads it too.
 */
export const TEST_REPLICA_KEY_HEX = '5d1b7c0e9a4f36b2c8e1d7a0f4b96e3c2a8d5f1e7b0c4a9d6e2f8b1c5a3d7e90';
