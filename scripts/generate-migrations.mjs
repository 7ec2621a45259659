#!/usr/bin/env node
// Generates SQL migrations with drizzle-kit for every schema file: the platform's events tables
// and each module's db/schema.ts. Usage: npm run db:generate [-- <name> [--custom]]
// Migrations are committed and never edited after they land; change the schema and generate anew.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const sets = [{ name: 'events', schema: 'src/platform/events/schema.ts', out: 'src/platform/events/migrations' }];
for (const mod of readdirSync('src/modules')) {
  const schema = join('src/modules', mod, 'db/schema.ts');
  if (existsSync(schema)) sets.push({ name: mod, schema, out: join('src/modules', mod, 'db/migrations') });
}
const [only, ...flags] = process.argv.slice(2);
for (const set of sets.filter((s) => !only || s.name === only)) {
  console.log(`→ ${set.name}`);
  execFileSync('npx', ['drizzle-kit', 'generate', '--dialect=postgresql', `--schema=${set.schema}`, `--out=${set.out}`, ...flags], { stdio: 'inherit' });
}
