import { Type } from '@sinclair/typebox';
import { AppError } from '../errors.js';
import type { HttpServer } from '../http/server.js';
import { downloadHeaders } from './files.js';
import { dispositionHeader, isStorageKey, type LocalObjectStore } from './store.js';

const GrantQuery = Type.Object({
  expires: Type.Integer({ minimum: 0, maximum: 2 ** 40, description: 'Unix seconds after which the URL is refused' }),
  type: Type.String({ maxLength: 100 }),
  name: Type.String({ maxLength: 255 }),
  inline: Type.Union([Type.Literal('0'), Type.Literal('1')]),
  signature: Type.String({ maxLength: 64 }),
});

/**
 * `GET /files/<key>?expires&type&name&inline&signature`: the downloads of a {@link LocalObjectStore}'s
 * signed URLs (an S3 store signs its own). A missing, expired or forged signature, or an unknown
 * key, answers 404 `STORAGE.NOT_FOUND` (no difference is told). Headers: see {@link downloadHeaders}.
 */
export function fileRoutes(server: HttpServer, store: LocalObjectStore): void {
  server.get('/files/*', {
    schema: {
      summary: 'Download a stored file through a short-lived signed URL (local storage)',
      tags: ['operations'], querystring: GrantQuery,
      response: { 404: { $ref: 'Problem#' } },
    },
  }, async (request, reply) => {
    const key = (request.params as { '*': string })['*'];
    const q = request.query;
    const grant = { key, expires: q.expires, type: q.type, name: q.name, inline: q.inline === '1' };
    const gone = () => new AppError('STORAGE.NOT_FOUND', 404, 'No such file, or the link has expired');
    if (!isStorageKey(key) || !store.verify(grant, q.signature)) throw gone();
    const data = await store.get(key);
    if (!data) throw gone();
    return reply.headers(downloadHeaders(grant.type, dispositionHeader(grant.name, grant.inline), grant.inline)).send(data);
  });
}
