import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A child process started by the harness, with its output going to a log file. */
export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>;
}

/** Every live child, so that an error, Ctrl-C or a normal exit can kill them all. */
const live = new Set<Child>();

/**
 * Starts `command args` with `env` (replacing the parent's environment), stdout and stderr
 * written straight to `logFile` so that the bench process spends no CPU relaying logs.
 * With `ipc`, the child gets an IPC channel (`process.send`).
 */
export function startChild(name: string, command: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; logFile: string; ipc?: boolean }): Child {
  const fd = openSync(opts.logFile, 'a');
  const proc = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: opts.ipc ? ['ignore', fd, fd, 'ipc'] : ['ignore', fd, fd],
  });
  closeSync(fd);
  if (proc.pid === undefined) throw new Error(`could not start ${name}: ${command} ${args.join(' ')}`);
  const child: Child = {
    name, proc, pid: proc.pid, logFile: opts.logFile,
    exited: new Promise((resolve) => proc.once('exit', (code) => resolve(code))),
  };
  live.add(child);
  void child.exited.then(() => live.delete(child));
  return child;
}

/** Stops a child with SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopChild(child: Child, graceMs = 10_000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** Kills every live child at once (SIGKILL); safe to call from an `exit` handler. */
export function killAllChildren(): void {
  for (const child of live) child.proc.kill('SIGKILL');
  live.clear();
}

/** The last `lines` lines of a child's log, for error messages. */
export function logTail(child: Child, lines = 30): string {
  try {
    return readFileSync(child.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A plain HTTP GET over loopback without keep-alive: status and body text. */
export function httpGet(url: string, timeoutMs = 5_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** GET `url` and parse the JSON body. @throws Error unless the status is 200. */
export async function getJson<T>(url: string): Promise<T> {
  const { status, body } = await httpGet(url);
  if (status !== 200) throw new Error(`GET ${url} answered ${status}: ${body.slice(0, 300)}`);
  return JSON.parse(body) as T;
}

/**
 * Polls `url` every `everyMs` until it answers 200; resolves with the ms elapsed since `since`
 * (a `performance.now()` value).
 * @throws Error when the child exits first or `timeoutMs` passes (with the child's log tail).
 */
export async function waitUntilOk(url: string, child: Child, since: number, timeoutMs = 60_000, everyMs = 10): Promise<number> {
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (performance.now() - since < timeoutMs) {
    if (exited) throw new Error(`${child.name} exited before ${url} answered 200:\n${logTail(child)}`);
    const ok = await httpGet(url, 1_000).then((r) => r.status === 200, () => false);
    if (ok) return performance.now() - since;
    await sleep(everyMs);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${logTail(child)}`);
}

/** Resident set size of a process in MB (VmRSS from /proc/<pid>/status). */
export function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * CPU time a process has used so far (user + system), ms, from /proc/<pid>/stat (clock ticks
 * of 10 ms, USER_HZ = 100 on Linux). Differences between two reads give the CPU a load cost,
 * which the other work on a shared machine disturbs far less than latencies.
 */
export function cpuMs(pid: number): number {
  return statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** User + system CPU ms of a /proc/<pid>/stat line (fields 14 and 15, after the command in parentheses). */
function statCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * CPU time (user + system, ms) used so far by every process of this machine named `postgres`
 * (the server and its backends, from /proc), or undefined when none is visible (a remote
 * server). Backends that exit between two reads take their CPU with them; the pool's
 * connections live through a bench row, so differences are what the row cost PostgreSQL.
 */
export function postgresCpuMs(): number | undefined {
  let total: number | undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
    total = (total ?? 0) + statCpuMs(stat);
  }
  return total;
}
