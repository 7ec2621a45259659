import { Type } from '@sinclair/typebox';
import {
  BrokenCircuitError, CircuitState, ConsecutiveBreaker, ExponentialBackoff, TaskCancelledError, TimeoutStrategy,
  circuitBreaker, handleWhen, retry, timeout, wrap, type IPolicy,
} from 'cockatiel';
import type { TokenService } from '../auth.js';
import { AppError, unauthorized } from '../errors.js';
import { recordBreakerState, type BreakerState } from '../observability/metrics.js';
import { currentTraceparent } from '../trace.js';
import type { HttpServer } from './server.js';

/**
 * Service-to-service calls of services mode (ARCHITECTURE.md §4, issue 18 §1): a module's
 * contract methods that other services may call, served as `POST /internal/<module>/<method>`
 * behind a service token, and the typed client that calls them in place of the in-process
 * contract when the owner runs in another process.
 *
 * Wire format: request `{ "args": [...], "omitted": [i, …] }` (the method's arguments as JSON;
 * an `undefined` argument travels as `null` with its index in `omitted`, so a default parameter
 * still applies and a `null` stays `null`), answer
 * `{ "result": … }` (absent for `undefined`), or the owner's problem+json, which the client
 * throws again as the same `AppError` (status, code, detail, field errors, extensions).
 */

/** How one contract method may be called across services. */
export interface InternalMethod {
  /** True when calling it twice has the effect of calling it once (a read): only these are retried. */
  idempotent: boolean;
}

/** The keys of `C` whose values are methods returning a promise: the only ones a surface may hold. */
export type AsyncMethods<C> = { [P in keyof C]: C[P] extends (...args: never[]) => Promise<unknown> ? P : never }[keyof C];

/**
 * The contract methods of `C` a module serves on `/internal` (each a method returning a promise
 * whose arguments and result are JSON: never a transaction). The module declares it next to its
 * contract; callers in other services get exactly these methods.
 */
export type InternalSurface<C, K extends AsyncMethods<C> = AsyncMethods<C>> = { readonly [P in K]: InternalMethod };

/** Problem `code` of a call the owner service could not answer (down, breaker open, timeout). */
export const SERVICE_UNAVAILABLE = 'SERVICE.UNAVAILABLE';

/** Largest request body an `/internal` route accepts, bytes (a page of keys, a search query). */
const INTERNAL_BODY_LIMIT = 1_048_576;

const CallBody = Type.Object({
  args: Type.Array(Type.Unknown(), { maxItems: 8 }),
  omitted: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 7 }), { maxItems: 8 })),
}, { additionalProperties: false });

/**
 * Registers `POST /internal/<module>/<method>` for each method of `surface`, calling `contract`.
 * Each needs `Authorization: Bearer <service token>` whose audience is `comptoir:<module>`
 * (`TokenService.signService`): 401 `SERVICE.UNAUTHENTICATED` otherwise, a user's access token
 * included. Hidden from `/openapi.json` (not a public API; the gateway never routes `/internal`).
 * Errors thrown by the method are answered as problem+json like any route's.
 */
export function internalRoutes<C extends object, K extends AsyncMethods<C> & string>(server: HttpServer, tokens: TokenService, module: string, contract: C, surface: InternalSurface<C, K>): void {
  for (const method of Object.keys(surface) as K[]) {
    server.post<{ Body: { args: unknown[]; omitted?: number[] } }>(`/internal/${module}/${method}`, {
      bodyLimit: INTERNAL_BODY_LIMIT,
      schema: { hide: true, body: CallBody },
      preHandler: async (request) => {
        const header = request.headers.authorization ?? '';
        const caller = header.startsWith('Bearer ') ? await tokens.verifyService(header.slice(7).trim(), module) : null;
        if (!caller) throw unauthorized(`Send a service token for ${module} as Authorization: Bearer <token>`, 'SERVICE.UNAUTHENTICATED');
      },
    }, async (request) => {
      const fn = contract[method] as unknown as (...args: unknown[]) => Promise<unknown>;
      const args = [...request.body.args];
      for (const i of request.body.omitted ?? []) if (i < args.length) args[i] = undefined;
      const result = await fn.apply(contract, args);
      return result === undefined ? {} : { result };
    });
  }
}

/** Where the owner runs and how patiently to call it. */
export interface RemoteOptions {
  /** The owner service's origin (`http://catalog:3000`). */
  url: string;
  tokens: TokenService;
  /** This process's modules, the `sub` of its service tokens (`search`). */
  caller: string;
  /** Ms one attempt may take before it is abandoned (default 2 000). */
  timeoutMs?: number;
  /** Consecutive failed calls that open the breaker (default 3). */
  breakerFailures?: number;
  /** Ms the open breaker fails calls at once before one trial call (default 5 000). */
  halfOpenAfterMs?: number;
}

/** A failure of the call itself (unreachable, reset, timed out, or the owner answering 502/503/504), as opposed to the owner's answer. */
class TransportError extends Error {}

const stateName = (state: CircuitState): BreakerState =>
  state === CircuitState.Open ? 'open' : state === CircuitState.HalfOpen ? 'half-open' : state === CircuitState.Isolated ? 'isolated' : 'closed';

/**
 * The typed client of `module`'s `/internal` routes: an object with exactly the methods of
 * `surface`, each POSTing its arguments with a fresh service token (cached until 10 s before it
 * expires) and the current `traceparent`, through cockatiel policies: a timeout per attempt, a
 * retry with exponential backoff (3 attempts, idempotent methods only), and one consecutive
 * breaker per owner whose state is `circuit_breaker_state{breaker="<module>"}` in `/metrics`.
 * @throws (each method) the owner's `AppError` as it answered it; `AppError` 503
 *   `SERVICE.UNAVAILABLE` with `retryAfter` (seconds) and `service` when the owner could not be
 *   reached in time or its breaker is open.
 */
export function remoteContract<C, K extends AsyncMethods<C>>(module: string, surface: InternalSurface<C, K>, options: RemoteOptions): Pick<C, K> {
  const halfOpenAfter = options.halfOpenAfterMs ?? 5_000;
  const isTransport = handleWhen((err) => err instanceof TransportError || err instanceof TaskCancelledError);
  const breaker = circuitBreaker(isTransport, { halfOpenAfter, breaker: new ConsecutiveBreaker(options.breakerFailures ?? 3) });
  let openedAt = 0;
  recordBreakerState(module, 'closed');
  breaker.onStateChange((state) => {
    if (state === CircuitState.Open) openedAt = Date.now();
    recordBreakerState(module, stateName(state));
  });
  const attempt = timeout(options.timeoutMs ?? 2_000, TimeoutStrategy.Aggressive);
  const retried = retry(isTransport, { maxAttempts: 2, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 500 }) });
  const idempotent: IPolicy = wrap(retried, breaker, attempt);
  const once: IPolicy = wrap(breaker, attempt);

  let token: { value: string; until: number } | undefined;
  const serviceToken = async (): Promise<string> => {
    if (!token || token.until <= Date.now()) token = { value: await options.tokens.signService(options.caller, module, 60), until: Date.now() + 50_000 };
    return token.value;
  };

  const call = async (method: string, args: unknown[], signal: AbortSignal): Promise<unknown> => {
    while (args.length > 0 && args[args.length - 1] === undefined) args = args.slice(0, -1);
    const omitted = args.flatMap((a, i) => (a === undefined ? [i] : []));
    const traceparent = currentTraceparent();
    let response: Response;
    try {
      response = await fetch(`${options.url}/internal/${module}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await serviceToken()}`, ...(traceparent ? { traceparent } : {}) },
        body: JSON.stringify({ args: args.map((a) => (a === undefined ? null : a)), ...(omitted.length > 0 ? { omitted } : {}) }),
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new TransportError(`${module} unreachable: ${(err as Error).message}`);
    }
    if (response.status === 502 || response.status === 503 || response.status === 504) {
      await response.body?.cancel();
      throw new TransportError(`${module} answered ${response.status}`);
    }
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (response.ok) return body?.result;
    if (body && typeof body.code === 'string' && typeof body.detail === 'string') {
      const { type: _type, title: _title, status: _status, detail, code, instance: _instance, requestId: _requestId, errors, ...extensions } = body;
      throw new AppError(code, response.status, detail as string, errors as AppError['errors'], Object.keys(extensions).length > 0 ? extensions : undefined);
    }
    throw new Error(`${module}.${method} answered ${response.status} without a problem document`);
  };

  const client: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [method, how] of Object.entries(surface) as [string, InternalMethod][]) {
    const policy = how.idempotent ? idempotent : once;
    client[method] = async (...args: unknown[]) => {
      try {
        return await policy.execute(({ signal }) => call(method, args, signal));
      } catch (err) {
        if (err instanceof TransportError || err instanceof TaskCancelledError || err instanceof BrokenCircuitError) {
          const retryAfter = breaker.state === CircuitState.Open ? Math.max(1, Math.ceil((openedAt + halfOpenAfter - Date.now()) / 1000)) : 1;
          throw new AppError(SERVICE_UNAVAILABLE, 503, `The ${module} service is unavailable; retry in ${retryAfter} s`, undefined, { retryAfter, service: module });
        }
        throw err;
      }
    };
  }
  return client as unknown as Pick<C, K>;
}
