import { Type } from '@sinclair/typebox';
import type { HttpServer } from '../../platform/http/server.js';
import { TicketPrioritySchema } from './support.schemas.js';
import type { SlaSettings } from './support.sla.js';

const tags = ['support'];
const problem = { $ref: 'Problem#' };
/** At most a year, in minutes. */
const Minutes = Type.Integer({ minimum: 1, maximum: 525_600, description: 'Minutes' });
const SlaTargetSchema = Type.Object({ priority: TicketPrioritySchema, firstResponseMinutes: Minutes, resolutionMinutes: Minutes }, { additionalProperties: false });

/** Back-office routes of the SLA targets per priority (read `support:read`, change `support:write`). */
export function slaRoutes(server: HttpServer, sla: SlaSettings): void {
  server.get('/api/admin/support/sla', {
    config: { permission: 'support:read' },
    schema: { summary: 'SLA targets per priority (first response and resolution, minutes)', tags, response: { 200: Type.Object({ data: Type.Array(SlaTargetSchema) }) } },
  }, async () => ({ data: await sla.list() }));

  server.put('/api/admin/support/sla', {
    config: { permission: 'support:write' },
    schema: {
      summary: 'Set SLA targets of some priorities (new tickets and priority changes take them; due times already set are kept)',
      description: 'A resolution target shorter than its first-response target answers 400.',
      tags, body: Type.Object({ targets: Type.Array(SlaTargetSchema, { minItems: 1, maxItems: 4 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ data: Type.Array(SlaTargetSchema) }), 400: problem },
    },
  }, async (request) => ({ data: await sla.save(request.body.targets) }));
}
