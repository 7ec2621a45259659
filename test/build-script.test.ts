/**
 * `npm start` (prestart) and `npm run build` run scripts/build.mjs: it builds the API and the web
 * app only when their inputs changed. Checked on a scratch checkout whose `esbuild` and `vite` are
 * stand-ins that log their calls and write the outputs, so each case costs one node spawn.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Pure file work: run once, in the PGlite project. */
const onPostgres = process.env.COMPTOIR_TEST_DB === 'postgres';
const SCRIPT = fileURLToPath(new URL('../scripts/build.mjs', import.meta.url));
let root: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A stand-in bin: logs `name` to calls.log, writes `output`, exits with `$FAIL_<name>` (0 by default). */
function fakeBin(name: string, output: string): void {
  write(`node_modules/.bin/${name}`, `#!/bin/sh\necho ${name} >> calls.log\nmkdir -p "$(dirname ${output})" && echo built > ${output}\nexit "\${FAIL_${name}:-0}"\n`);
  chmodSync(join(root, `node_modules/.bin/${name}`), 0o755);
}

/** Runs the build script on the scratch checkout; returns the bins it ran, in order. */
function build(args: string[] = [], env: NodeJS.ProcessEnv = {}): string[] {
  rmSync(join(root, 'calls.log'), { force: true });
  execFileSync(process.execPath, [SCRIPT, '--root', root, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
  return existsSync(join(root, 'calls.log')) ? readFileSync(join(root, 'calls.log'), 'utf8').trim().split('\n') : [];
}

describe.skipIf(onPostgres)('build script (npm start, npm run build)', () => {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'comptoir-build-'));
    write('package.json', '{}\n');
    write('tsconfig.json', '{}\n');
    write('src/main.ts', 'export {};\n');
    write('src/main.test.ts', 'export {};\n');
    write('web/index.html', '<!doctype html>\n');
    write('web/src/main.tsx', 'export {};\n');
    fakeBin('esbuild', 'dist/main.js');
    fakeBin('vite', 'web/dist/index.html');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is what npm start and npm run build run', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.prestart).toBe('node scripts/build.mjs');
    expect(scripts.build).toBe('node scripts/build.mjs');
  });

  it('builds both parts on a fresh checkout, then nothing on the next start', () => {
    expect(build()).toEqual(['esbuild', 'vite']);
    expect(build()).toEqual([]);
  });

  it('rebuilds only the part whose sources changed', () => {
    appendFileSync(join(root, 'web/src/main.tsx'), '// edit\n');
    expect(build()).toEqual(['vite']);
    appendFileSync(join(root, 'src/main.ts'), '// edit\n');
    expect(build()).toEqual(['esbuild']);
    appendFileSync(join(root, 'package-lock.json'), '{}\n');
    expect(build()).toEqual(['esbuild', 'vite']);
    expect(build()).toEqual([]);
  });

  it('ignores tests and web/dist, which never reach the build', () => {
    appendFileSync(join(root, 'src/main.test.ts'), '// edit\n');
    write('web/dist/extra.js', '');
    expect(build()).toEqual([]);
  });

  it('rebuilds a part whose output is missing, and everything with --force', () => {
    rmSync(join(root, 'web/dist'), { recursive: true });
    expect(build()).toEqual(['vite']);
    expect(build(['--force'])).toEqual(['esbuild', 'vite']);
  });

  it('empties dist/ before bundling the API, keeping the stamps', () => {
    write('dist/chunk-STALE.js', 'old\n');
    appendFileSync(join(root, 'src/main.ts'), '// edit\n');
    expect(build()).toEqual(['esbuild']);
    expect(existsSync(join(root, 'dist/chunk-STALE.js'))).toBe(false);
    expect(build()).toEqual([]);
  });

  it('fails with the compiler and builds again next time when a build failed', () => {
    appendFileSync(join(root, 'src/main.ts'), '// broken\n');
    const failed = spawnSync(process.execPath, [SCRIPT, '--root', root], { env: { ...process.env, FAIL_esbuild: '2' }, stdio: 'pipe' });
    expect(failed.status).toBe(2);
    expect(build()).toEqual(['esbuild']);
  });
});
