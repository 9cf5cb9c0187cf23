// Starts real redis-server and PostgreSQL (Debian packages) for integration tests, on loopback and
// free ports, with all state in a temp dir. Each returns a handle whose stop() removes everything.
// When a binary is missing, `missing*()` says exactly what, so tests can skip with that message.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** Directory of PostgreSQL's server binaries (initdb, pg_ctl): $PG_BIN or the newest /usr/lib/postgresql/N/bin. */
export function postgresBinDir(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

/** Why redis-server cannot be started here, or undefined when it can. */
export function missingRedis(): string | undefined {
  return existsSync(REDIS_SERVER)
    ? undefined
    : `redis-server not found at ${REDIS_SERVER} (Debian package: redis-server)`;
}

/** Why PostgreSQL cannot be started here, or undefined when it can. */
export function missingPostgres(): string | undefined {
  const bin = postgresBinDir();
  if (!bin)
    return 'PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin (Debian package: postgresql)';
  if (isRoot() && !postgresUser())
    return 'running as root but there is no "postgres" user to run PostgreSQL as (Debian package: postgresql creates it)';
  return undefined;
}

/** Both services, or the reason one of them is missing. */
export function missingServices(): string | undefined {
  const r = missingRedis();
  const p = missingPostgres();
  return r && p ? `${r}; ${p}` : (r ?? p);
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  proc?: ChildProcess,
  log?: () => string,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc && proc.exitCode !== null)
      throw new Error(`${what} exited with code ${proc.exitCode}: ${log?.() ?? ''}`);
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`${what} did not become ready in ${timeoutMs} ms: ${log?.() ?? ''}`);
}

export interface RedisService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A throw-away redis-server: no persistence, loopback only, a free port (extra server arguments appended). */
export async function startRedis(extraArgs: string[] = []): Promise<RedisService> {
  const missing = missingRedis();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(join(tmpdir(), 'payesh-redis-'));
  const port = await freePort();
  let out = '';
  const proc = spawn(
    REDIS_SERVER,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      ...extraArgs,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      'redis-server',
      () => /Ready to accept connections/.test(out),
      10_000,
      proc,
      () => out,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}

export interface PostgresService {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** A URL for a new empty database with this name (created on demand). */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** A throw-away PostgreSQL cluster in a temp dir (trust auth on loopback, fsync off). As root it runs as "postgres". */
export async function startPostgres(): Promise<PostgresService> {
  const missing = missingPostgres();
  if (missing) throw new Error(missing);
  const bin = postgresBinDir()!;
  const owner = isRoot() ? postgresUser() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'payesh-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const port = await freePort();
  const run = (cmd: string, args: string[]) => {
    const full = owner
      ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]]
      : [join(bin, cmd), args];
    const r = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  let started = false;
  const stop = async () => {
    if (started) {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
    run('pg_ctl', ['-D', data, '-l', logFile, '-o', opts, '-w', '-t', '30', 'start']);
    started = true;
  } catch (e) {
    await stop();
    throw e;
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const { default: pg } = await import('pg');
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}
