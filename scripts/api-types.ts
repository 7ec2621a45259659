/**
 * The web app's API types, generated from the server's OpenAPI document: the real app is built
 * in process (in-memory PGlite, relay off, no demo data), `server.swagger()` gives the document,
 * openapi-typescript turns it into TypeScript (`paths`, `components`, `operations`).
 * Used by `npm run api:generate` (writes the file) and by test/openapi-drift.test.ts (compares).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/index.js';

/** Absolute path of the committed generated file. */
export const API_TYPES_FILE = fileURLToPath(new URL('../web/src/lib/api-schema.d.ts', import.meta.url));

const HEADER = '/**\n * The API\'s types, generated from GET /openapi.json by `npm run api:generate`\n * (scripts/api-types.ts). Do not edit: change the route schemas and regenerate.\n */\n\n';

/** The OpenAPI 3.1 document the server publishes at /openapi.json, built on a throwaway in-memory database. */
export async function openApiDocument(): Promise<OpenAPI3> {
  const dataDir = mkdtempSync(join(tmpdir(), 'comptoir-openapi-'));
  const database = await openDatabase({});
  const config = { ...loadConfig({}), dataDir, databaseUrl: undefined, jwtSecret: 'openapi-generation-secret-0123456789abcdef', logLevel: 'silent', demoData: false };
  const app = await createApp({ config, database, logger: pino({ level: 'silent' }), relay: false });
  try {
    await app.server.ready();
    return JSON.parse(JSON.stringify(app.server.swagger())) as OpenAPI3;
  } finally {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The TypeScript text of web/src/lib/api-schema.d.ts for the current route schemas. */
export async function renderApiTypes(): Promise<string> {
  const ast = await openapiTS(await openApiDocument(), { alphabetize: true });
  return HEADER + astToString(ast);
}
