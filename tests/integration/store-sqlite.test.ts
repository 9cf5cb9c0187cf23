// The store contract against SQLite files in a temp dir.
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { storeContract } from '../support/store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'payesh-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storeContract('sqlite', {
  open: async () => SqliteStore.open(join(dir, `s${++n}.db`)),
  reopen: async (s) => SqliteStore.open((s as SqliteStore).path),
});
