/**
 * Events analytics publishes through the outbox (name → payload schema).
 * Consumer: notifications (`scheduled_report` mail).
 */
import { Type } from '@sinclair/typebox';
import { defineEvents, type EventPayloads } from '../../platform/events/index.js';

/** Payload schemas of the analytics events. */
export const analyticsEvents = defineEvents('analytics', {
  'report.generated': Type.Object({
    subscriptionId: Type.String({ description: 'The subscription (`rsu_…`)' }),
    to: Type.String({ description: 'The subscriber\'s e-mail address' }),
    locale: Type.Union([Type.Literal('en'), Type.Literal('fr')]),
    firstName: Type.Union([Type.String(), Type.Null()]),
    report: Type.String({ description: 'Report id' }),
    title: Type.String({ description: 'Report title in `locale`' }),
    periodLabel: Type.String({ description: 'The period the report covers (`2026-03`, `2026-W11`)' }),
    rows: Type.Integer({ description: 'Rows in the file' }),
    fileName: Type.String(),
    contentType: Type.String(),
    content: Type.Union([Type.String({ description: 'The file, base64' }), Type.Null()], { description: 'Null when the file is too large to attach: use `link`' }),
    link: Type.String({ description: 'Signed download link of the file (no sign-in needed)' }),
    linkExpiresAt: Type.String({ description: 'When `link` stops working (ISO 8601 UTC)' }),
    unsubscribeLink: Type.String({ description: 'Signed link that ends the subscription' }),
  }, { description: 'A scheduled report was written for a subscriber: mail it (attached when `content` is set, else linked). Consumer: notifications.' }),
});

/** Typed map of analytics events (name → payload). */
export type AnalyticsEvents = EventPayloads<typeof analyticsEvents>;

declare module '../../platform/events/types.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppEvents extends AnalyticsEvents {}
}
