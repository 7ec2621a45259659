import autocannon from 'autocannon';

/** What one load scenario measured. Latencies in ms. */
export interface LoadResult {
  url: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with a status outside 2xx. */
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  totalRequests: number;
  /** Count per HTTP status (autocannon's `statusCodeStats`), to say what the non-2xx were. */
  statusCodes: Record<string, number>;
}

/** How to load a URL. */
export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  /** Seconds of the same load before the measured run; its numbers are thrown away. */
  warmupSeconds: number;
}

/** Autocannon runs in flight, so that Ctrl-C can stop them. */
const running = new Set<autocannon.Instance>();

function run(url: string, connections: number, duration: number, extra: Partial<autocannon.Options> = {}): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ ...extra, url, connections, duration, timeout: 10 }, (err, result) => {
      running.delete(instance);
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(result);
    });
    running.add(instance);
  });
}

/**
 * Loads `url` with `connections` keep-alive connections (autocannon, GET): a warm-up run whose
 * numbers are discarded, then the measured run. Requests/s is autocannon's per-second average.
 */
export async function load(url: string, opts: LoadOptions): Promise<LoadResult> {
  return loadWith(url, opts, () => ({}));
}

/**
 * Like {@link load}, with more autocannon options (method, `requests` with `setupRequest`…) made
 * by `extra` once for the warm-up and once for the measured run; `beforeMeasured` is called
 * right before the measured run starts.
 */
export async function loadWith(url: string, opts: LoadOptions, extra: () => Partial<autocannon.Options>, beforeMeasured?: () => void): Promise<LoadResult> {
  if (opts.warmupSeconds > 0) await run(url, opts.connections, opts.warmupSeconds, extra());
  beforeMeasured?.();
  const r = await run(url, opts.connections, opts.durationSeconds, extra());
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, v]) => [code, v.count ?? 0]));
  return {
    url,
    requestsPerSecond: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    totalRequests: r.requests.total,
    statusCodes,
  };
}

/** Stops every autocannon run in flight (Ctrl-C). */
export function stopLoads(): void {
  for (const instance of running) instance.stop();
  running.clear();
}
