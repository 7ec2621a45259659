/**
 * Scheduled reports: a user subscribes to a report (weekly or monthly, CSV or XLSX, EN or FR);
 * the job `analytics.report-subscriptions` writes each due one within the subscriber's scope and
 * publishes `report.generated`, which the notifications module mails (attached, or linked when
 * large). Unsubscribing works from the back office and from the signed link in every mail (a
 * confirmation page, then a POST).
 */
import { timingSafeEqual } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { hasPermission, type AuthUser, type TokenService } from '../../platform/auth.js';
import type { Database } from '../../platform/db/index.js';
import { rows } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { newId } from '../../platform/ids.js';
import { AnalyticsErrors } from './analytics.errors.js';
import { CONTENT_TYPES, type ExportFormat, type ReportExports } from './analytics.report-exports.js';
import { reportContext, reportOf, type ReportLocale, type ReportQuery } from './analytics.reports.js';
import type { ScenariosService } from './analytics.scenarios.js';
import { loadOrg, resolveNode, scopeFor } from './analytics.scope.js';
import { reportSubscription } from './db/schema.js';
import { addDays, addMonths, monthStartOf } from './domain/fiscal.js';

/** How often a subscription comes. */
export type Frequency = 'weekly' | 'monthly';

/** Largest file attached to a mail (bytes); a larger one is linked. */
export const ATTACHMENT_LIMIT_BYTES = 2_000_000;
/** How long the file of a scheduled report (and its link in the mail) lives, in seconds: 7 days. */
const MAIL_LINK_SECONDS = 7 * 86_400;
/** Hour of the day (UTC) scheduled reports are written. */
const RUN_HOUR_UTC = 6;

/** A subscription as the API shows it. Times ISO 8601 UTC. */
export interface SubscriptionDto {
  id: string;
  report: string;
  frequency: Frequency;
  format: ExportFormat;
  locale: ReportLocale;
  node: string | null;
  category: string | null;
  nextRunAt: string;
  lastRunAt: string | null;
  createdAt: string;
}

/** A subscriber as the job needs them: who they are (scope, permissions) and where to write. */
export interface Subscriber extends AuthUser {
  email: string;
  firstName: string | null;
  locale: ReportLocale;
}

/**
 * The next run after `after`: weekly the next Monday, monthly the next 1st of a month, at
 * {@link RUN_HOUR_UTC}:00 UTC.
 */
export function nextRunAfter(frequency: Frequency, after: Date): Date {
  const day = after.toISOString().slice(0, 10);
  const at = (d: string) => new Date(`${d}T${String(RUN_HOUR_UTC).padStart(2, '0')}:00:00Z`);
  if (frequency === 'monthly') {
    const first = monthStartOf(day);
    return at(first) > after ? at(first) : at(addMonths(first, 1));
  }
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  const monday = addDays(day, -weekday);
  return at(monday) > after ? at(monday) : at(addDays(monday, 7));
}

/** The period a run at `at` covers: the last whole ISO week, or the last calendar month. */
export function periodOf(frequency: Frequency, at: Date): ReportQuery {
  const day = at.toISOString().slice(0, 10);
  return frequency === 'weekly' ? { period: 'week', date: addDays(day, -7) } : { period: 'month', date: addMonths(monthStartOf(day), -1) };
}

type Row = typeof reportSubscription.$inferSelect;
const toDto = (r: Row): SubscriptionDto => {
  const q = r.query as ReportQuery;
  return {
    id: r.id, report: r.report, frequency: r.frequency, format: r.format, locale: r.locale, node: q.node ?? null, category: q.category ?? null,
    nextRunAt: r.nextRunAt.toISOString(), lastRunAt: r.lastRunAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
  };
};

/** Subscriptions to scheduled reports and the job that sends them. */
export class ReportSubscriptions {
  constructor(
    private readonly database: Database,
    private readonly scenarios: ScenariosService,
    private readonly exports: ReportExports,
    private readonly tokens: TokenService,
    private readonly deps: { publicUrl: string; subscriber(userId: string): Promise<Subscriber | null> },
  ) {}

  /**
   * Subscribes `user` to a report; the node (default: as the report's default) must be in their scope.
   * @throws AppError 404 ANALYTICS.REPORT_NOT_FOUND | ANALYTICS.NODE_NOT_FOUND.
   */
  async create(user: AuthUser, body: { report: string; frequency: Frequency; format: ExportFormat; locale?: ReportLocale; node?: string; category?: string }): Promise<SubscriptionDto> {
    reportOf(body.report);
    if (body.node !== undefined) resolveNode(await loadOrg(this.database.db), await scopeFor(this.database.db, user), body.node);
    const query: ReportQuery = { ...(body.node ? { node: body.node } : {}), ...(body.category ? { category: body.category } : {}) };
    const [row] = await this.database.db.insert(reportSubscription).values({
      id: newId('rsu'), userId: user.id, report: body.report, query, frequency: body.frequency, format: body.format, locale: body.locale ?? 'en',
      nextRunAt: nextRunAfter(body.frequency, new Date()),
    }).returning();
    return toDto(row as Row);
  }

  /** `user`'s subscriptions, oldest first. */
  async list(user: AuthUser): Promise<SubscriptionDto[]> {
    const found = await this.database.db.select().from(reportSubscription).where(eq(reportSubscription.userId, user.id)).orderBy(asc(reportSubscription.createdAt), asc(reportSubscription.id));
    return found.map(toDto);
  }

  /** Ends one of `user`'s subscriptions. @throws AppError 404 ANALYTICS.SUBSCRIPTION_NOT_FOUND. */
  async delete(user: AuthUser, id: string): Promise<void> {
    const gone = await this.database.db.delete(reportSubscription).where(and(eq(reportSubscription.id, id), eq(reportSubscription.userId, user.id))).returning();
    if (gone.length === 0) throw AnalyticsErrors.subscriptionNotFound(id);
  }

  /**
   * The signed unsubscribe link of a subscription (in every mail it sends): the web app's page
   * `/report-unsubscribe/{id}#signature=…`, which asks for a confirmation before it posts the
   * signature (opening the link, as mail scanners do, ends nothing).
   */
  unsubscribeLink(id: string): string {
    return `${this.deps.publicUrl}/report-unsubscribe/${id}#signature=${this.tokens.derive('report-unsubscribe', id)}`;
  }

  /**
   * Ends a subscription from the confirmed link of its mail; resolves with the report id.
   * @throws AppError 404 ANALYTICS.SUBSCRIPTION_NOT_FOUND (a wrong signature, or already ended).
   */
  async unsubscribeByLink(id: string, signature: string): Promise<string> {
    const expected = Buffer.from(this.tokens.derive('report-unsubscribe', id));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw AnalyticsErrors.subscriptionNotFound(id);
    const [gone] = await this.database.db.delete(reportSubscription).where(eq(reportSubscription.id, id)).returning();
    if (!gone) throw AnalyticsErrors.subscriptionNotFound(id);
    return gone.report;
  }

  /**
   * The job's run: every subscription due at `now`, one at a time, claimed with a lease (its next
   * run pushed 10 minutes ahead with `FOR UPDATE SKIP LOCKED`, so a crash retries it and two
   * processes never send it twice at once). Each is written within its subscriber's scope for the
   * last week or month, kept 7 days, and published as `report.generated` (the file attached when
   * at most {@link ATTACHMENT_LIMIT_BYTES}, always linked) in the transaction that sets its next
   * run. A subscriber who is gone or lost `analytics:read` is unsubscribed.
   */
  async runDue(now = new Date()): Promise<number> {
    let sent = 0;
    for (;;) {
      const [claimed] = await rows<{ id: string }>(this.database.db, sql`
        update analytics.report_subscription set next_run_at = now() + interval '10 minutes'
        where id = (select id from analytics.report_subscription where next_run_at <= ${now.toISOString()}::timestamptz
                    order by next_run_at, id limit 1 for update skip locked)
        returning id`);
      if (!claimed) return sent;
      const [sub] = await this.database.db.select().from(reportSubscription).where(eq(reportSubscription.id, claimed.id));
      if (!sub) continue;
      const who = await this.deps.subscriber(sub.userId);
      if (!who || !hasPermission(who, 'analytics:read')) {
        await this.database.db.delete(reportSubscription).where(eq(reportSubscription.id, sub.id));
        continue;
      }
      const query = { ...(sub.query as ReportQuery), ...periodOf(sub.frequency, now) };
      const file = await this.exports.write(who, sub.report, query, sub.format, sub.locale, MAIL_LINK_SECONDS);
      const content = await this.exports.readFile(file);
      const { report, ctx } = await reportContext(this.database, this.scenarios, who, sub.report, query);
      const link = this.exports.link(file.id, file.expiresAt, MAIL_LINK_SECONDS);
      await this.database.transaction(async (tx) => {
        await publish(tx, 'report.generated', {
          subscriptionId: sub.id, to: who.email, locale: sub.locale, firstName: who.firstName, report: report.id, title: report.title[sub.locale],
          periodLabel: ctx.period.label, rows: file.rowsDone, fileName: file.fileName ?? `${report.id}.${file.format}`, contentType: CONTENT_TYPES[file.format],
          content: content.length <= ATTACHMENT_LIMIT_BYTES ? content.toString('base64') : null,
          link: link.url, linkExpiresAt: link.expiresAt, unsubscribeLink: this.unsubscribeLink(sub.id),
        }, sub.id);
        await tx.update(reportSubscription).set({ lastRunAt: now, nextRunAt: nextRunAfter(sub.frequency, now) }).where(eq(reportSubscription.id, sub.id));
      });
      sent += 1;
    }
  }
}
