import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The OpenAPI description of a 304 answer to a matching `If-None-Match`. */
export const NotModifiedResponse = { description: 'Not Modified: the `If-None-Match` ETag is still current (no body)', type: 'null' } as const;

/**
 * Answers `body` with a strong `ETag` (SHA-256 of its JSON) and `Cache-Control: private, no-cache`
 * (the client revalidates every time), or 304 with no body when the request's `If-None-Match`
 * lists that ETag (or is `*`): a poller then downloads the figures only when they changed.
 */
export function sendWithEtag<T>(request: FastifyRequest, reply: FastifyReply, body: T): FastifyReply {
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', etag).header('cache-control', 'private, no-cache');
  const match = request.headers['if-none-match'];
  const listed = typeof match === 'string' ? match.split(',').map((t) => t.trim().replace(/^W\//, '')) : [];
  if (listed.includes(etag) || listed.includes('*')) return reply.status(304).send();
  return reply.send(body);
}
