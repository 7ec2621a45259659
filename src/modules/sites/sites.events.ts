/**
 * Events the sites module publishes through the outbox (name → payload schema); times ISO 8601
 * UTC. Consumers: analytics (an online store per site), the back office.
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineEvents, type EventPayloads } from '../../platform/events/index.js';

/** A site as events carry it. */
export const SiteSnapshot = Type.Object({
  code: Type.String(),
  name: Type.String(),
  hosts: Type.Array(Type.String()),
  defaultLanguage: Type.Union([Type.Literal('en'), Type.Literal('fr')]),
  languages: Type.Array(Type.String()),
  currency: Type.String({ description: 'ISO 4217' }),
  contactEmail: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type SiteSnapshot = Static<typeof SiteSnapshot>;

/** Payload schemas of the site events. */
export const siteEvents = defineEvents('sites', {
  'site.created': Type.Object({ site: SiteSnapshot }, { description: 'A site was created (the default site at first start, others from the back office).' }),
  'site.updated': Type.Object({ site: SiteSnapshot }, { description: 'A site\'s settings changed.' }),
  'site.deleted': Type.Object({ code: Type.String() }, { description: 'A site was deleted (never the default site).' }),
});

/** Typed map of site events (name → payload). */
export type SiteEvents = EventPayloads<typeof siteEvents>;

declare module '../../platform/events/types.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppEvents extends SiteEvents {}
}
