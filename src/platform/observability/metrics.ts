import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/index.js';

/**
 * Platform metrics that are read at scrape time from state kept elsewhere (no query, no I/O):
 * the database pool's counters and the circuit breakers' states. Registered on an app's registry
 * by {@link registerPlatformMetrics}; served by its `/metrics`.
 */

/** A circuit breaker's state, as cockatiel names them (`CircuitState`: Closed, Open, HalfOpen, Isolated), in lower case. */
export type BreakerState = 'closed' | 'half-open' | 'open' | 'isolated';

/** The gauge value of each {@link BreakerState}: 0 closed (calls pass), 1 half-open (a trial call), 2 open, 3 isolated (held open by hand). */
export const BREAKER_STATE_VALUES: Readonly<Record<BreakerState, number>> = { closed: 0, 'half-open': 1, open: 2, isolated: 3 };

/** The last state recorded per breaker name, for this process. */
const breakers = new Map<string, BreakerState>();

/**
 * Records that the circuit breaker `name` (e.g. `search`, the callee it guards) is now in
 * `state`; `/metrics` shows it as `circuit_breaker_state{breaker="<name>"}` (see
 * {@link BREAKER_STATE_VALUES}) from the next scrape on. Call it from the breaker's state-change
 * events, e.g. with cockatiel:
 * `breaker.onStateChange((s) => recordBreakerState('search', CircuitState[s].replace(/(?<=.)([A-Z])/g, '-$1').toLowerCase() as BreakerState))`,
 * and once with `closed` when the breaker is made, so the series exists before the first trip.
 * Cheap (a map write); safe to call before any app exists.
 */
export function recordBreakerState(name: string, state: BreakerState): void {
  breakers.set(name, state);
}

/** The states recorded by {@link recordBreakerState}, by breaker name (tests, diagnostics). */
export function breakerStates(): ReadonlyMap<string, BreakerState> {
  return breakers;
}

/** Registers `circuit_breaker_state{breaker}` on `registry`: every breaker recorded in this process (see {@link BREAKER_STATE_VALUES}). */
export function registerBreakerMetrics(registry: Registry): void {
  new Gauge({
    name: 'circuit_breaker_state',
    help: 'Circuit breaker state by breaker: 0 closed, 1 half-open, 2 open, 3 isolated',
    labelNames: ['breaker'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [name, state] of breakers) this.set({ breaker: name }, BREAKER_STATE_VALUES[state]);
    },
  });
}

/**
 * Registers on `registry`: `circuit_breaker_state{breaker}` ({@link registerBreakerMetrics}) and, on PostgreSQL, `db_pool_connections{state="total"|"idle"|"in_use"}`,
 * `db_pool_waiting` (checkouts queued for a connection) and `db_pool_max`, read from the pool at
 * each scrape.
 */
export function registerPlatformMetrics(registry: Registry, database: Database): void {
  registerBreakerMetrics(registry);
  const stats = database.poolStats?.bind(database);
  if (!stats) return;
  new Gauge({
    name: 'db_pool_connections',
    help: 'PostgreSQL pool connections by state (total open, idle, in use)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const s = stats();
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'in_use' }, s.total - s.idle);
    },
  });
  new Gauge({ name: 'db_pool_waiting', help: 'Checkouts waiting for a PostgreSQL pool connection', registers: [registry], collect() { this.set(stats().waiting); } });
  new Gauge({ name: 'db_pool_max', help: 'Largest number of PostgreSQL pool connections', registers: [registry], collect() { this.set(stats().max); } });
}
