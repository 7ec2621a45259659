import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Executor } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';
import type { Scope } from './analytics.scope.js';

/** How long an answer stays cached at most (it is also replaced as soon as the data version moves), in seconds. */
export const ANSWER_TTL_SECONDS = 600;

/** Where answers are kept: Redis (shared by every process) or this process's memory. */
export interface AnswerStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

/** The in-process store: an LRU of 2,000 answers, each kept {@link ANSWER_TTL_SECONDS} at most. */
export class MemoryAnswerStore implements AnswerStore {
  readonly kind = 'memory' as const;
  private readonly lru = new LRUCache<string, string>({ max: 2_000, ttl: ANSWER_TTL_SECONDS * 1000 });
  async get(key: string): Promise<string | undefined> {
    return this.lru.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.lru.set(key, value);
  }
  async close(): Promise<void> {
    this.lru.clear();
  }
}

/**
 * The Redis store (ioredis): `SET key value EX ttl`, keys under `comptoir:analytics:`. A Redis that
 * is down or slow (500 ms per command) never fails a request: the answer is computed instead
 * (and the failure logged once per outage). ioredis is loaded when the store is made, i.e. only
 * with `REDIS_URL`.
 */
export class RedisAnswerStore implements AnswerStore {
  readonly kind = 'redis' as const;
  private readonly client: Promise<Redis>;
  private failing = false;

  constructor(url: string, private readonly log: Logger) {
    this.client = import('ioredis').then(({ Redis }) => {
      const client = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 500, connectTimeout: 2_000, lazyConnect: false });
      client.on('error', (err: Error) => this.failed(err));
      return client;
    });
  }

  private failed(err: unknown): undefined {
    if (!this.failing) this.log.warn({ err }, 'analytics answer cache: Redis unavailable, computing answers');
    this.failing = true;
    return undefined;
  }

  async get(key: string): Promise<string | undefined> {
    try {
      const v = await (await this.client).get(key);
      this.failing = false;
      return v ?? undefined;
    } catch (err) {
      return this.failed(err);
    }
  }

  async set(key: string, value: string): Promise<void> {
    try {
      await (await this.client).set(key, value, 'EX', ANSWER_TTL_SECONDS);
    } catch (err) {
      this.failed(err);
    }
  }

  async close(): Promise<void> {
    const client = await this.client;
    await client.quit().catch(() => client.disconnect());
  }
}

/**
 * What an answer depends on besides its query and scope, read first and cheaply on every request
 * (primary-key lookups and counts over the small dimension tables, never the fact table).
 */
export interface DataStamp {
  /** Rollup version (`rollup_state.version`): moves with every catch-up that added facts and every rebuild. */
  version: number;
  /** See `RollupState.dataAsOf`. */
  dataAsOf: string;
  /** Hash of the count and latest change of regions, stores, moves, settings, rates, targets and products. */
  dimensions: string;
  /** The database's name (several databases may share one Redis). */
  database: string;
}

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();

/**
 * Reads the {@link DataStamp} in one query. The backlog test compares the watermark with
 * `max(id)` (one primary-key probe): `exists (… where id > watermark)` scans the whole fact table
 * when the rollups are caught up (measured 30–120 ms at 300k lines).
 */
export async function readStamp(db: Executor): Promise<DataStamp> {
  const stamp = (table: string, column = 'updated_at') => sql.raw(`(select count(*) || '/' || coalesce(max(${column})::text, '') from analytics.${table})`);
  const [row] = await rows<{ version: string | number; caught_up_at: unknown; backlog: boolean; last_recorded: unknown; db: string; dims: string }>(
    db,
    sql`select s.version, s.caught_up_at,
          coalesce((select max(f.id) from analytics.sale_line f), 0) > s.last_fact_id as backlog,
          (select f.recorded_at from analytics.sale_line f where f.id = s.last_fact_id) as last_recorded,
          current_database() as db,
          md5(concat_ws('|', ${stamp('region')}, ${stamp('store')}, ${stamp('store_move', 'moved_at')}, ${stamp('setting')},
            ${stamp('exchange_rate')}, ${stamp('target')}, ${stamp('product')})) as dims
        from analytics.rollup_state s where s.name = 'sales'`,
  );
  if (!row) throw new Error('analytics.rollup_state has no row sales');
  return {
    version: Number(row.version),
    dataAsOf: row.backlog && row.last_recorded ? iso(row.last_recorded) : iso(row.caught_up_at),
    dimensions: row.dims,
    database: row.db,
  };
}

/** Hash of what a scope lets one see (company flag, visible regions, visible stores). */
export function scopeHash(scope: Scope): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([scope.company, [...scope.regionIds].sort(), [...scope.storeIds].sort()]));
  return h.digest('hex').slice(0, 32);
}

/** The query with its keys sorted and absent values dropped (`?a=1&b=2` and `?b=2&a=1` are one key). */
export function normalizedQuery(query: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(query).sort().filter((k) => query[k] !== undefined && query[k] !== '').map((k) => [k, query[k]]));
}

/**
 * The cache of read answers. Key = route + normalized query + scope hash + data stamp (rollup
 * version, dimension hash, database), so an answer is only ever served for the data version it
 * was computed from: the stamp is read on every request before the lookup, and a new fact (once
 * rolled up), target, rate, setting or store change gives new keys. `dataAsOf` is refreshed from
 * the stamp on a hit (the same version means the same rollup content).
 */
export class AnswerCache {
  constructor(readonly store: AnswerStore) {}

  /** Creates the Redis store when `redisUrl` is set, else the in-process LRU. */
  static create(redisUrl: string | undefined, log: Logger): AnswerCache {
    return new AnswerCache(redisUrl ? new RedisAnswerStore(redisUrl, log) : new MemoryAnswerStore());
  }

  /** The cache key of an answer. */
  key(route: string, query: Record<string, unknown>, scope: Scope, stamp: DataStamp): string {
    const h = createHash('sha256');
    h.update(JSON.stringify([route, normalizedQuery(query), scopeHash(scope), stamp.version, stamp.dimensions, stamp.database]));
    return `comptoir:analytics:${stamp.database}:v${stamp.version}:${h.digest('hex')}`;
  }

  /**
   * The cached answer for `key`, or `compute()`'s (then stored unless `compute` reports it read a
   * newer version than the stamp's). `hit` tells which.
   */
  async answer<T extends { dataAsOf: string }>(key: string, stamp: DataStamp, compute: () => Promise<{ value: T; version: number }>): Promise<{ value: T; hit: boolean }> {
    const cached = await this.store.get(key);
    if (cached !== undefined) {
      const value = JSON.parse(cached) as T;
      return { value: { ...value, dataAsOf: stamp.dataAsOf }, hit: true };
    }
    const { value, version } = await compute();
    if (version === stamp.version) await this.store.set(key, JSON.stringify(value));
    return { value, hit: false };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
