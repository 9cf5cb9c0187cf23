// Picks the store from --db: a file path (SQLite, default payesh.db) or postgres://...
import { UsageError } from '../net/options.ts';
import type { Store } from './repository.ts';

export const DEFAULT_DB = 'payesh.db';

/** Loaders for stores other than SQLite, registered by their modules (keeps optional drivers lazy). */
export const storeLoaders: Record<string, (url: string) => Promise<Store>> = {};
storeLoaders.postgres = async (url) => (await import('./postgres.ts')).PostgresStore.connect(url);

export async function openStore(db: string = DEFAULT_DB): Promise<Store> {
  const scheme = /^([a-z]+):\/\//.exec(db)?.[1];
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const load = storeLoaders.postgres;
    if (!load) throw new UsageError(`--db ${scheme}://: the PostgreSQL store is not available in this build`);
    return load(db);
  }
  if (scheme) throw new UsageError(`--db ${db}: expected a file path or postgres://`);
  // Loaded here so commands that never open a store start fast.
  return (await import('./sqlite.ts')).SqliteStore.open(db);
}
