#!/usr/bin/env node
// Builds what is out of date: the API (src/main.ts bundled by esbuild → dist/) when its inputs
// changed, the web app (`vite build web` → web/dist/) when its inputs changed, nothing when both
// are current. `npm run build` and `npm start` (prestart) run it; `--force` rebuilds both.
//
// A part is current when its output exists and the SHA-256 of its inputs (every file's path and
// bytes, see INPUTS) equals the one recorded in dist/.build-stamps.json by its last successful
// build. Contents, not modification times: a checkout that touches files without changing them
// does not rebuild, and an edit always does. Hashing the ~2 MB of sources takes tens of ms, where
// the API bundle takes ~3 s and `vite build` ~20 s on the 2-core machine.
//
// The API is one ES module bundle of our code and its pure-JavaScript dependencies (with the
// database drivers and the zxcvbn dictionaries split into chunks loaded when used): Node then
// reads a handful of files at start instead of ~1,450 (a `comptoir` command starts about a
// second of CPU sooner). Packages that find files beside their own code stay external:
// argon2 (native addon), PGlite (its WebAssembly and data files), Swagger UI (its static
// assets), pg-native (optional). Types are checked by `npm run typecheck`, not here.
//
// Usage: node scripts/build.mjs [--force] [--root <dir>]   (--root: another checkout; tests)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** Files and folders every part depends on (dependencies are bundled into the web app; the compiler options shape both). */
const SHARED = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];

/**
 * The two parts: their inputs (paths relative to the root; folders recursively, minus `skip`),
 * the file whose absence forces a build, the folders emptied first (`clean`; the stamps file
 * stays) and the command (a bin of node_modules/.bin).
 */
const PARTS = [
  {
    name: 'api',
    inputs: [...SHARED, 'src'],
    // Tests never reach the bundle.
    skip: (path) => /\.test(-support)?\.ts$/.test(path) || path.startsWith(`src${sep}platform${sep}testing${sep}`),
    output: 'dist/main.js',
    // The previous build's files go first: chunk names change with their contents.
    clean: ['dist'],
    command: [
      'esbuild', 'src/main.ts', '--bundle', '--splitting', '--format=esm', '--platform=node', '--target=node20',
      '--outdir=dist', '--sourcemap', '--keep-names', '--log-level=warning',
      ...['argon2', '@electric-sql/pglite', '@fastify/swagger-ui', 'pg-native'].map((p) => `--external:${p}`),
      // CommonJS dependencies call require(): give each ES module chunk one.
      "--banner:js=import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    ],
  },
  {
    name: 'web',
    inputs: [...SHARED, 'web'],
    skip: (path) => path.startsWith(`web${sep}dist${sep}`) || path.startsWith(`web${sep}node_modules${sep}`),
    output: 'web/dist/index.html',
    command: ['vite', 'build', 'web', '--logLevel', 'warn'],
  },
];

const STAMPS = 'dist/.build-stamps.json';

/** Every file under `path` (relative to `root`), sorted, depth first. */
function files(root, path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  return readdirSync(full, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? files(root, join(path, e.name)) : e.isFile() ? [join(path, e.name)] : []));
}

/** SHA-256 (hex) over the path and bytes of each input file of `part`. */
function inputsHash(root, part) {
  const hash = createHash('sha256');
  for (const input of part.inputs) {
    const full = join(root, input);
    if (!existsSync(full)) continue;
    const list = statSync(full).isDirectory() ? files(root, input) : [input];
    for (const file of list.filter((f) => !part.skip(f))) {
      hash.update(file.split(sep).join('/')).update('\0').update(readFileSync(join(root, file))).update('\0');
    }
  }
  return hash.digest('hex');
}

function readStamps(root) {
  try {
    return JSON.parse(readFileSync(join(root, STAMPS), 'utf8'));
  } catch {
    return {};
  }
}

function writeStamps(root, stamps) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const tmp = join(root, `${STAMPS}.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(stamps, null, 2)}\n`);
  renameSync(tmp, join(root, STAMPS));
}

/** Runs `command` (a bin of `root`/node_modules/.bin) in `root`; exits with its status when it fails. */
function run(root, [bin, ...args]) {
  const env = { ...process.env, PATH: [join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter) };
  const result = spawnSync(bin, args, { cwd: root, env, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`build: ${bin} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

const argv = process.argv.slice(2);
const force = argv.includes('--force');
const rootAt = argv.indexOf('--root');
const root = rootAt >= 0 ? argv[rootAt + 1] : fileURLToPath(new URL('..', import.meta.url));

const started = performance.now();
const built = [];
for (const part of PARTS) {
  const hash = inputsHash(root, part);
  if (!force && existsSync(join(root, part.output)) && readStamps(root)[part.name] === hash) continue;
  for (const dir of part.clean ?? []) {
    const full = join(root, dir);
    if (!existsSync(full)) continue;
    for (const entry of readdirSync(full)) if (join(dir, entry) !== STAMPS) rmSync(join(full, entry), { recursive: true, force: true });
  }
  run(root, part.command);
  // Re-read: the other part's stamp may have been written meanwhile; this one records the inputs it was built from.
  writeStamps(root, { ...readStamps(root), [part.name]: hash });
  built.push(part.name);
}
const ms = Math.round(performance.now() - started);
console.log(built.length ? `build: built ${built.join(' and ')} in ${ms} ms` : `build: up to date (${relative(process.cwd(), root) || '.'}, checked in ${ms} ms)`);
