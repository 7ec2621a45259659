/**
 * The machine's limit for a JSON API: bare Fastify (no logger, no hooks, no schema) answering
 * with a JSON document read once from `BASELINE_JSON_FILE` and kept in memory:
 * - GET /api/products: the document's text as it is (nothing done per request but HTTP);
 * - GET /api/products/stringify: the parsed document, serialized per request (JSON.stringify).
 * Env: PORT, HOST (default 127.0.0.1), BASELINE_JSON_FILE.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const file = process.env.BASELINE_JSON_FILE;
if (!file) throw new Error('BASELINE_JSON_FILE is required');
const text = readFileSync(file, 'utf8');
const document = JSON.parse(text) as unknown;

const server = Fastify({ logger: false });
server.get('/api/products', (_request, reply) => void reply.type('application/json; charset=utf-8').send(text));
server.get('/api/products/stringify', async () => document);
server.get('/ready', async () => ({ status: 'ready' }));
await server.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
