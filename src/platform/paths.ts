import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
  return dir;
}

/**
 * The project's root folder (the one holding package.json), found from this file whether it
 * runs from `src/` (tsx, vitest) or `dist/` (compiled). Migrations and bundled data are
 * addressed relative to it.
 */
export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
