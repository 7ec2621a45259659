import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Makes the routes of `scope` (an encapsulated Fastify plugin, so other routes are untouched)
 * keep each JSON request's raw body, for webhook signatures computed over the exact bytes the
 * sender signed; the body is still parsed and validated as usual (malformed JSON: 400).
 * @returns the raw body of a request of that scope; undefined when it had no JSON body.
 */
export function keepRawJsonBodies(scope: FastifyInstance): (request: FastifyRequest) => Buffer | undefined {
  const rawBodies = new WeakMap<FastifyRequest, Buffer>();
  const parseJson = scope.getDefaultJsonParser('error', 'error');
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    rawBodies.set(request, raw);
    parseJson(request, raw.toString('utf8'), done);
  });
  return (request) => rawBodies.get(request);
}
