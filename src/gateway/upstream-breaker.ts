import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, IsolatedCircuitError, circuitBreaker, handleAll, type CircuitBreakerPolicy } from 'cockatiel';
import { recordBreakerState, type BreakerState } from '../platform/observability/metrics.js';

/** When a gateway's upstream breaker opens and how long it stays open. */
export interface BreakerOptions {
  /** Consecutive failed calls (upstream unreachable, connection reset, no answer within the timeout) that open the breaker (env `GATEWAY_BREAKER_FAILURES`, default 3). */
  failures: number;
  /** Ms an open breaker answers at once without calling the upstream, before one trial call goes through (env `GATEWAY_BREAKER_HALF_OPEN_MS`, default 5 000). */
  halfOpenAfterMs: number;
}

/** One upstream call the breaker admitted: settle it once with its outcome (later calls are ignored). */
export interface AdmittedCall {
  /** `failed`: the upstream could not be reached or did not answer in time (an HTTP answer, even a 5xx, is not a failure). */
  settle(failed: boolean): void;
}

const stateName = (state: CircuitState): BreakerState =>
  state === CircuitState.Open ? 'open' : state === CircuitState.HalfOpen ? 'half-open' : state === CircuitState.Isolated ? 'isolated' : 'closed';

/**
 * The circuit breaker of one gateway upstream (cockatiel's `ConsecutiveBreaker`): after
 * `failures` failed calls in a row it opens, and for `halfOpenAfterMs` every call is refused
 * without touching the upstream (the gateway answers 503 `GATEWAY.UPSTREAM_UNAVAILABLE` at
 * once); then one trial call goes through: an answer closes it, a failure opens it again. Its
 * state is `circuit_breaker_state{breaker="<name>"}` in the gateway's `/metrics`.
 */
export class UpstreamBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private openedAt = 0;

  constructor(readonly name: string, private readonly options: BreakerOptions) {
    this.policy = circuitBreaker(handleAll, { halfOpenAfter: options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.failures) });
    recordBreakerState(name, 'closed');
    this.policy.onStateChange((state) => {
      if (state === CircuitState.Open) this.openedAt = Date.now();
      recordBreakerState(name, stateName(state));
    });
  }

  /** The breaker's state now. */
  get state(): BreakerState {
    return stateName(this.policy.state);
  }

  /**
   * Asks to call the upstream: the call to settle once its outcome is known, or undefined when
   * the breaker refuses it (open, or half-open with its trial call in flight).
   */
  admit(): Promise<AdmittedCall | undefined> {
    return new Promise((resolve) => {
      this.policy
        .execute(() => new Promise<void>((ok, fail) => {
          let settled = false;
          resolve({
            settle(failed) {
              if (settled) return;
              settled = true;
              if (failed) fail(new Error('upstream call failed'));
              else ok();
            },
          });
        }))
        .catch((err: unknown) => {
          // Refused: resolve undefined. A settled failure also rejects here, after its resolve: a no-op.
          if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) resolve(undefined);
        });
    });
  }

  /** Whole seconds until an open breaker lets its trial call through (at least 1). */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.openedAt + this.options.halfOpenAfterMs - Date.now()) / 1000));
  }
}
