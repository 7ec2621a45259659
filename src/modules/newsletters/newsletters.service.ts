import { timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import type { Logger } from 'pino';
import type { TokenService } from '../../platform/auth.js';
import { containsPattern, rows, textArray, type Database, type Executor } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { keysetPages, type CsvValue } from '../../platform/http/csv.js';
import { assertScopeCovers } from '../../platform/http/site.js';
import { newId } from '../../platform/ids.js';
import type { AnalyticsContract, RfmSegment } from '../analytics/index.js';
import type { CatalogContract } from '../catalog/index.js';
import type { IdentityContract } from '../identity/index.js';
import type { OrdersContract } from '../orders/index.js';
import { DEFAULT_CONSENT_TEXT, mailAddress, normalizeLocale, renderCampaignMail, type CampaignContent, type Locale, type RecipientLinks, type RenderedCampaignMail } from './domain/render.js';
import { NewslettersErrors } from './newsletters.errors.js';

/** Site code used until the sites module exists (the lead wires it at merge). */
export const DEFAULT_SITE = 'default';

/** Who asked, for the consent proof. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** A subscription request from the storefront form or the account page. */
export interface SubscribeInput {
  email: string;
  locale?: Locale;
  country?: string;
  site?: string;
  /** The exact consent text shown next to the form (default: {@link DEFAULT_CONSENT_TEXT} in `locale`). */
  consentText?: string;
}

/** A subscriber as the back office and its owner see it. Times ISO 8601 UTC. */
export interface SubscriberDto {
  id: string;
  site: string;
  email: string;
  locale: Locale;
  country: string | null;
  customerId: string | null;
  status: 'pending' | 'confirmed' | 'unsubscribed';
  source: string;
  softBounces: number;
  suppressed: string | null;
  createdAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
}

/** One consent proof row. */
export interface ConsentDto {
  action: string;
  at: string;
  ip: string | null;
  userAgent: string | null;
  site: string;
  locale: string;
  consentText: string | null;
  source: string;
}

/** Segment criteria of a list (all optional, combined with AND). */
export interface ListCriteria {
  site?: string;
  locale?: Locale;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  /** Bought one of these SKUs (through the orders contract). */
  skus?: string[];
  /** Bought a product of this category or its descendants (id or slug; SKUs through the catalog contract). */
  category?: string;
  /** Never placed an order (with this e-mail or customer account). */
  neverOrdered?: boolean;
  /** Customers (by account) of this RFM segment, through the analytics contract. */
  rfmSegment?: RfmSegment;
}

/** A list with its current size. */
export interface ListDto {
  id: string;
  name: string;
  criteria: ListCriteria;
  subscribers: number;
  createdAt: string;
}

/** A campaign and its results. */
export interface CampaignDto {
  id: string;
  name: string;
  listId: string;
  content: CampaignContent;
  status: 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled';
  tracking: boolean;
  scheduledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  /** Recipients by status (`pending`, `sending`, `sent`, `failed`, `skipped`, `bounced`), plus `opened` and `clicked` (tracking). */
  stats: Record<string, number>;
}

/** A mail event from the mail provider's webhook. */
export interface MailEventInput {
  type: 'bounce' | 'complaint' | 'unsubscribe';
  email: string;
  /** For a bounce: `hard` (address does not exist: suppressed) or `soft` (full mailbox: counted). */
  bounce?: 'hard' | 'soft';
  campaignId?: string;
  detail?: string;
}

/** Soft bounces after which an address is suppressed like a hard bounce. */
export const SOFT_BOUNCE_LIMIT = 3;

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;
/** True when `email` looks like a mailbox address (one @, a dot in the domain, ≤ 254 characters). */
export function validEmail(email: string): boolean {
  return email.length <= 254 && EMAIL.test(email);
}

/** Days a confirmation link stays valid. */
const CONFIRM_DAYS = 7;

type SubscriberRow = {
  id: string; site: string; email: string; locale: Locale; country: string | null; customer_id: string | null; status: SubscriberDto['status']; source: string;
  soft_bounces: number; suppressed: string | null; created_at: Date | string; confirmed_at: Date | string | null; unsubscribed_at: Date | string | null;
};

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function subscriberDto(r: SubscriberRow): SubscriberDto {
  return {
    id: r.id, site: r.site, email: r.email, locale: r.locale, country: r.country, customerId: r.customer_id, status: r.status, source: r.source,
    softBounces: r.soft_bounces, suppressed: r.suppressed, createdAt: iso(r.created_at)!, confirmedAt: iso(r.confirmed_at), unsubscribedAt: iso(r.unsubscribed_at),
  };
}

const SUBSCRIBER_COLUMNS = sql`s.id, s.site, s.email, s.locale, s.country, s.customer_id, s.status, s.source, s.soft_bounces, s.created_at, s.confirmed_at, s.unsubscribed_at,
  (select reason from newsletters.suppression x where x.email_lower = s.email_lower) as suppressed`;

/**
 * Newsletters: subscriptions with double opt-in and their consent proof, guests' signed links,
 * one-click unsubscribe, lists as segments (orders and catalog contracts), campaigns and their
 * recipients, bounces and complaints. Sending is {@link CampaignSender}'s.
 */
export class NewslettersService {
  constructor(
    private readonly database: Database,
    private readonly deps: {
      tokens: TokenService; publicUrl: string; mailFrom: string; log: Logger;
      orders: OrdersContract; catalog: CatalogContract; identity: IdentityContract;
      analytics: Pick<AnalyticsContract, 'rfmSegmentCustomers'>;
      /** Tracking allowed by configuration (`NEWSLETTER_TRACKING`). */
      tracking: boolean;
      /** Wakes the sender (after a commit that started a campaign). */
      campaignsDue: () => void;
    },
  ) {}

  // ── signed links ──

  /** The signed token managing subscriber `id` (unsubscribe, language): `<id>.<HMAC>`, no expiry (mails keep working). */
  manageToken(id: string): string {
    return `${id}.${this.deps.tokens.derive('newsletter-manage', id)}`;
  }

  /** The double opt-in token of `id`: `<id>.<expires unix s>.<HMAC>`, valid {@link CONFIRM_DAYS} days. */
  confirmToken(id: string, now = new Date()): string {
    const expires = Math.floor(now.getTime() / 1000) + CONFIRM_DAYS * 86_400;
    return `${id}.${expires}.${this.deps.tokens.derive('newsletter-confirm', `${id}.${expires}`)}`;
  }

  private check(expected: string, given: string): boolean {
    const a = Buffer.from(expected);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** The subscriber id of a valid manage token. @throws 400 NEWSLETTERS.BAD_TOKEN. */
  private manageSubject(token: string): string {
    const m = /^(nsub_[0-9A-Z]{26})\.([\w-]{43})$/.exec(token);
    if (!m || !this.check(this.deps.tokens.derive('newsletter-manage', m[1]!), m[2]!)) throw NewslettersErrors.badToken();
    return m[1]!;
  }

  /** The subscriber id of a valid, unexpired confirm token. @throws 400 NEWSLETTERS.BAD_TOKEN. */
  private confirmSubject(token: string, now = new Date()): string {
    const m = /^(nsub_[0-9A-Z]{26})\.(\d{1,12})\.([\w-]{43})$/.exec(token);
    if (!m || Number(m[2]) * 1000 < now.getTime() || !this.check(this.deps.tokens.derive('newsletter-confirm', `${m[1]}.${m[2]}`), m[3]!)) throw NewslettersErrors.badToken();
    return m[1]!;
  }

  /** The links one subscriber's campaign mail carries. */
  links(subscriberId: string, campaignId: string | null, tracking: boolean): RecipientLinks {
    const token = this.manageToken(subscriberId);
    const base = this.deps.publicUrl.replace(/\/$/, '');
    const { local, domain } = mailAddress(this.deps.mailFrom);
    const c = campaignId ? `&c=${encodeURIComponent(campaignId)}` : '';
    const links: RecipientLinks = {
      oneClickUrl: `${base}/api/newsletters/unsubscribe?token=${token}${c}`,
      mailto: `mailto:${local}+unsubscribe@${domain}?subject=unsubscribe%20${token}`,
      pageUrl: `${base}/newsletter/unsubscribe?token=${token}`,
    };
    if (tracking && this.deps.tracking && campaignId) {
      const t = `${campaignId}.${subscriberId}.${this.deps.tokens.derive('newsletter-track', `${campaignId}.${subscriberId}`)}`;
      links.openPixelUrl = `${base}/api/newsletters/t/open?t=${t}`;
      links.clickUrl = (url) => `${base}/api/newsletters/t/click?t=${t}&u=${encodeURIComponent(url)}&s=${this.deps.tokens.derive('newsletter-click', url)}`;
    }
    return links;
  }

  // ── subscriptions ──

  private async consent(exec: Executor, subscriberId: string, action: 'subscribe' | 'confirm' | 'unsubscribe' | 'import', site: string, locale: string, source: string, meta: RequestMeta, consentText: string | null): Promise<void> {
    await exec.execute(sql`insert into newsletters.consent (id, subscriber_id, action, ip, user_agent, site, locale, consent_text, source)
      values (${newId('cons')}, ${subscriberId}, ${action}, ${meta.ip}, ${meta.userAgent?.slice(0, 500) ?? null}, ${site}, ${locale}, ${consentText}, ${source})`);
  }

  /**
   * Asks to subscribe `input.email` on its site: the subscriber is `pending` (or stays
   * `confirmed`), the consent (text shown, IP, time, site, language) is recorded and a
   * confirmation mail with a 7-day link is published — unless the address is already confirmed or
   * suppressed (the answer is the same either way: no way to learn who subscribed).
   */
  async subscribe(input: SubscribeInput, meta: RequestMeta, customerId: string | null, source: string): Promise<void> {
    const email = input.email.trim();
    if (!validEmail(email)) throw NewslettersErrors.badEmail();
    const site = input.site ?? DEFAULT_SITE;
    const locale = input.locale ?? 'en';
    const consentText = input.consentText ?? DEFAULT_CONSENT_TEXT[locale];
    await this.database.transaction(async (tx) => {
      const [sub] = await rows<{ id: string; status: string; suppressed: boolean }>(tx, sql`
        insert into newsletters.subscriber as s (id, site, email, email_lower, locale, country, customer_id, status, source)
        values (${newId('nsub')}, ${site}, ${email}, ${email.toLowerCase()}, ${locale}, ${input.country?.toUpperCase() ?? null}, ${customerId}, 'pending', ${source})
        on conflict (site, email_lower) do update set
          locale = excluded.locale, country = coalesce(excluded.country, s.country), customer_id = coalesce(excluded.customer_id, s.customer_id),
          status = case when s.status = 'confirmed' then 'confirmed' else 'pending' end
        returning id, status, exists (select 1 from newsletters.suppression x where x.email_lower = s.email_lower) as suppressed`);
      await this.consent(tx, sub!.id, 'subscribe', site, locale, source, meta, consentText);
      if (sub!.status === 'confirmed' || sub!.suppressed) return;
      const link = `${this.deps.publicUrl.replace(/\/$/, '')}/newsletter/confirm?token=${this.confirmToken(sub!.id)}`;
      await publish(tx, 'newsletter.confirmation_requested', { subscriberId: sub!.id, email, locale, site, link }, sub!.id);
    });
  }

  /** Confirms the subscription of a double opt-in link (idempotent). @throws 400 NEWSLETTERS.BAD_TOKEN. */
  async confirm(token: string, meta: RequestMeta): Promise<SubscriberDto> {
    const id = this.confirmSubject(token);
    await this.database.transaction(async (tx) => {
      const [s] = await rows<{ site: string; locale: string; email: string; customer_id: string | null; status: string }>(tx, sql`select site, locale, email, customer_id, status from newsletters.subscriber where id = ${id} for update`);
      if (!s) throw NewslettersErrors.badToken();
      if (s.status === 'confirmed') return;
      await tx.execute(sql`update newsletters.subscriber set status = 'confirmed', confirmed_at = now(), unsubscribed_at = null, soft_bounces = 0 where id = ${id}`);
      await this.consent(tx, id, 'confirm', s.site, s.locale, 'double_opt_in', meta, null);
      await publish(tx, 'newsletter.subscription_changed', { subscriberId: id, email: s.email, site: s.site, status: 'confirmed', customerId: s.customer_id }, id);
    });
    return this.subscriber(id);
  }

  /** Unsubscribes subscriber `id` (idempotent); its pending campaign mails are skipped. */
  private async unsubscribeId(id: string, meta: RequestMeta, source: string): Promise<void> {
    await this.database.transaction(async (tx) => {
      const [s] = await rows<{ site: string; locale: string; email: string; customer_id: string | null; status: string }>(tx, sql`select site, locale, email, customer_id, status from newsletters.subscriber where id = ${id} for update`);
      if (!s) throw NewslettersErrors.notFound('Subscriber');
      if (s.status === 'unsubscribed') return;
      await tx.execute(sql`update newsletters.subscriber set status = 'unsubscribed', unsubscribed_at = now() where id = ${id}`);
      await tx.execute(sql`update newsletters.recipient set status = 'skipped', error = 'unsubscribed' where subscriber_id = ${id} and status = 'pending'`);
      await this.consent(tx, id, 'unsubscribe', s.site, s.locale, source, meta, null);
      await publish(tx, 'newsletter.subscription_changed', { subscriberId: id, email: s.email, site: s.site, status: 'unsubscribed', customerId: s.customer_id }, id);
    });
  }

  /** Unsubscribes the holder of a manage token (one-click POST, the unsubscribe page, a mailto). @throws 400 NEWSLETTERS.BAD_TOKEN. */
  async unsubscribeByToken(token: string, meta: RequestMeta, source: string): Promise<void> {
    await this.unsubscribeId(this.manageSubject(token), meta, source);
  }

  /** The subscription a manage token names. @throws 400 NEWSLETTERS.BAD_TOKEN. */
  async byToken(token: string): Promise<SubscriberDto> {
    return this.subscriber(this.manageSubject(token));
  }

  /** Changes the language of the subscription a manage token names. @throws 400 NEWSLETTERS.BAD_TOKEN. */
  async updateByToken(token: string, locale: Locale): Promise<SubscriberDto> {
    const id = this.manageSubject(token);
    await this.database.db.execute(sql`update newsletters.subscriber set locale = ${locale} where id = ${id}`);
    return this.subscriber(id);
  }

  /** One subscriber. @throws 404 NEWSLETTERS.NOT_FOUND. */
  async subscriber(id: string): Promise<SubscriberDto> {
    const [r] = await rows<SubscriberRow>(this.database.db, sql`select ${SUBSCRIBER_COLUMNS} from newsletters.subscriber s where s.id = ${id}`);
    if (!r) throw NewslettersErrors.notFound('Subscriber');
    return subscriberDto(r);
  }

  /**
   * One subscriber with its consent proof, oldest first, if staff limited to `scope` (their
   * sites; undefined: no limit) see its site. @throws 404.
   */
  async subscriberWithConsents(id: string, scope?: readonly string[]): Promise<SubscriberDto & { consents: ConsentDto[] }> {
    const s = await this.subscriber(id);
    if (scope && !scope.includes(s.site)) throw NewslettersErrors.notFound('Subscriber');
    const consents = await rows<{ action: string; at: Date | string; ip: string | null; user_agent: string | null; site: string; locale: string; consent_text: string | null; source: string }>(
      this.database.db, sql`select action, at, ip, user_agent, site, locale, consent_text, source from newsletters.consent where subscriber_id = ${id} order by at, id`,
    );
    return { ...s, consents: consents.map((c) => ({ action: c.action, at: iso(c.at)!, ip: c.ip, userAgent: c.user_agent, site: c.site, locale: c.locale, consentText: c.consent_text, source: c.source })) };
  }

  // ── the signed-in customer ──

  private async accountEmail(userId: string): Promise<string> {
    const user = await this.deps.identity.getUser(userId);
    if (!user?.email) throw NewslettersErrors.notFound('Account');
    return user.email;
  }

  /** The signed-in customer's subscription on `site` (matched by account or e-mail), or null. */
  async mine(userId: string, site: string): Promise<SubscriberDto | null> {
    const email = await this.accountEmail(userId);
    const [r] = await rows<SubscriberRow>(this.database.db, sql`select ${SUBSCRIBER_COLUMNS} from newsletters.subscriber s
      where s.site = ${site} and (s.customer_id = ${userId} or s.email_lower = ${email.toLowerCase()}) order by (s.customer_id = ${userId}) desc nulls last limit 1`);
    return r ? subscriberDto(r) : null;
  }

  /** Subscribes the signed-in customer (double opt-in to the account's address) or unsubscribes them. */
  async setMine(userId: string, input: { subscribed: boolean; site: string; locale?: Locale; consentText?: string }, meta: RequestMeta): Promise<SubscriberDto | null> {
    if (input.subscribed) {
      const email = await this.accountEmail(userId);
      await this.subscribe({ email, site: input.site, ...(input.locale ? { locale: input.locale } : {}), ...(input.consentText ? { consentText: input.consentText } : {}) }, meta, userId, 'account');
    } else {
      const current = await this.mine(userId, input.site);
      if (current) await this.unsubscribeId(current.id, meta, 'account');
    }
    return this.mine(userId, input.site);
  }

  // ── back office: subscribers ──

  /**
   * Subscribers, newest first: `q` matches the e-mail (substring), filters by status; `sites` (the
   * caller's `query.site` and staff limit, see `staffSites`): subscribers of one of these sites.
   */
  async listSubscribers(query: { q?: string; status?: string; page: number; limit: number }, sites?: string[]): Promise<{ data: SubscriberDto[]; pagination: { total: number; limit: number; page: number } }> {
    const where = subscriberFilter(query, sites);
    const [count] = await rows<{ n: number }>(this.database.db, sql`select count(*)::int as n from newsletters.subscriber s where ${where}`);
    const found = await rows<SubscriberRow>(this.database.db, sql`select ${SUBSCRIBER_COLUMNS} from newsletters.subscriber s where ${where}
      order by s.created_at desc, s.id desc limit ${query.limit} offset ${(query.page - 1) * query.limit}`);
    return { data: found.map(subscriberDto), pagination: { total: count!.n, limit: query.limit, page: query.page } };
  }

  /** CSV header of the subscriber export. */
  static readonly EXPORT_HEADER = ['email', 'site', 'locale', 'country', 'status', 'source', 'customer_id', 'created_at', 'confirmed_at', 'unsubscribed_at', 'suppressed', 'consent_text', 'consent_ip', 'consent_at'] as const;

  /** Every subscriber (filters of {@link listSubscribers}) as CSV records, by id, in batches, with the consent of their last subscribe. */
  async *exportSubscribers(query: { q?: string; status?: string }, sites?: string[]): AsyncGenerator<CsvValue[][]> {
    const where = subscriberFilter(query, sites);
    type Row = SubscriberRow & { consent_text: string | null; consent_ip: string | null; consent_at: Date | string | null };
    const pages = keysetPages<Row, string>((after) => rows<Row>(this.database.db, sql`select ${SUBSCRIBER_COLUMNS}, c.consent_text, c.ip as consent_ip, c.at as consent_at
      from newsletters.subscriber s
      left join lateral (select consent_text, ip, at from newsletters.consent c where c.subscriber_id = s.id and c.action in ('subscribe', 'import') order by c.at desc limit 1) c on true
      where ${where} and s.id > ${after ?? ''} order by s.id limit 500`), (r) => r.id, 500);
    for await (const page of pages) {
      yield page.map((r) => [r.email, r.site, r.locale, r.country, r.status, r.source, r.customer_id, iso(r.created_at), iso(r.confirmed_at), iso(r.unsubscribed_at), r.suppressed, r.consent_text, r.consent_ip, iso(r.consent_at)]);
    }
  }

  /**
   * Imports subscribers from CSV (header row; columns `email` required, `locale`, `country`,
   * `consented_at` optional) as confirmed, with `consentSource` (where they gave their consent:
   * "paper form at the Lyon shop, 2024") as their consent record. Existing subscribers of the
   * site keep their status unless they were pending; suppressed and invalid addresses are skipped
   * and reported by line. Unsubscribed addresses are never subscribed again by an import.
   */
  async importSubscribers(csv: string, options: { consentSource: string; site: string; locale: Locale }, meta: RequestMeta): Promise<{ imported: number; updated: number; skipped: { line: number; email: string; reason: string }[] }> {
    let records: Record<string, string>[];
    try {
      records = parse(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: true }) as Record<string, string>[];
    } catch (err) {
      throw NewslettersErrors.badCsv(`The CSV could not be read: ${(err as Error).message.slice(0, 200)}`);
    }
    if (records.length > 0 && !('email' in records[0]!)) throw NewslettersErrors.badCsv('The CSV needs an `email` column');
    if (records.length > 100_000) throw NewslettersErrors.badCsv('At most 100 000 rows per import');
    const skipped: { line: number; email: string; reason: string }[] = [];
    let imported = 0;
    let updated = 0;
    const accepted: { line: number; email: string; locale: Locale; country: string | null; at: string | null }[] = [];
    const seen = new Set<string>();
    for (const [i, r] of records.entries()) {
      const line = i + 2;
      const email = (r.email ?? '').trim();
      if (!validEmail(email)) { skipped.push({ line, email, reason: 'invalid e-mail' }); continue; }
      if (seen.has(email.toLowerCase())) { skipped.push({ line, email, reason: 'duplicate in file' }); continue; }
      seen.add(email.toLowerCase());
      const country = r.country && /^[A-Za-z]{2}$/.test(r.country) ? r.country.toUpperCase() : null;
      const at = r.consented_at && !Number.isNaN(Date.parse(r.consented_at)) ? new Date(r.consented_at).toISOString() : null;
      accepted.push({ line, email, locale: r.locale ? normalizeLocale(r.locale) : options.locale, country, at });
    }
    await this.database.transaction(async (tx) => {
      // 1 000 rows a statement: the upsert answers, per address, whether it is new, its status and whether it is suppressed.
      for (let i = 0; i < accepted.length; i += 1_000) {
        const chunk = accepted.slice(i, i + 1_000);
        const ids = chunk.map(() => newId('nsub'));
        const done = await rows<{ id: string; email_lower: string; created: boolean; status: string; suppressed: boolean }>(tx, sql`
          insert into newsletters.subscriber as s (id, site, email, email_lower, locale, country, status, source, confirmed_at)
          select u.id, ${options.site}, u.email, lower(u.email), u.locale, u.country, 'confirmed', 'import', now()
          from unnest(${textArray(ids)}, ${textArray(chunk.map((c) => c.email))}, ${textArray(chunk.map((c) => c.locale))}, ${sql.param(chunk.map((c) => c.country))}::text[]) as u(id, email, locale, country)
          on conflict (site, email_lower) do update set
            status = case when s.status = 'pending' then 'confirmed' else s.status end,
            confirmed_at = case when s.status = 'pending' then now() else s.confirmed_at end,
            country = coalesce(s.country, excluded.country)
          returning id, email_lower, (xmax = 0) as created, status, exists (select 1 from newsletters.suppression x where x.email_lower = s.email_lower) as suppressed`);
        const byEmail = new Map(done.map((d) => [d.email_lower, d]));
        const consents: { id: string; at: string | null; locale: string }[] = [];
        for (const c of chunk) {
          const d = byEmail.get(c.email.toLowerCase())!;
          if (d.suppressed) { skipped.push({ line: c.line, email: c.email, reason: 'suppressed' }); continue; }
          if (d.status === 'unsubscribed') { skipped.push({ line: c.line, email: c.email, reason: 'unsubscribed' }); continue; }
          consents.push({ id: d.id, at: c.at, locale: c.locale });
          if (d.created) imported += 1;
          else updated += 1;
        }
        if (consents.length === 0) continue;
        await tx.execute(sql`insert into newsletters.consent (id, subscriber_id, action, at, ip, user_agent, site, locale, consent_text, source)
          select u.cid, u.sid, 'import', coalesce(u.at::timestamptz, now()), ${meta.ip}, ${meta.userAgent}, ${options.site}, u.locale, ${options.consentSource}, 'import'
          from unnest(${textArray(consents.map(() => newId('cons')))}, ${textArray(consents.map((c) => c.id))}, ${sql.param(consents.map((c) => c.at))}::text[], ${textArray(consents.map((c) => c.locale))}) as u(cid, sid, at, locale)`);
      }
    });
    skipped.sort((a, b) => a.line - b.line);
    return { imported, updated, skipped };
  }

  // ── lists and segments ──

  /**
   * The confirmed, not suppressed subscribers matching `criteria`, by id: purchases come from
   * the orders contract (`buyers`), a category's SKUs from the catalog contract, an RFM segment's
   * customers from the analytics contract (subscribers linked to their account).
   */
  async segment(criteria: ListCriteria, exec: Executor = this.database.db): Promise<{ id: string; email: string; locale: Locale }[]> {
    const parts = [sql`s.status = 'confirmed'`, sql`not exists (select 1 from newsletters.suppression x where x.email_lower = s.email_lower)`];
    if (criteria.site) parts.push(sql`s.site = ${criteria.site}`);
    if (criteria.locale) parts.push(sql`s.locale = ${criteria.locale}`);
    if (criteria.country) parts.push(sql`s.country = ${criteria.country.toUpperCase()}`);
    let skus: string[] | null = criteria.skus && criteria.skus.length > 0 ? [...criteria.skus] : null;
    if (criteria.category) {
      const inCategory = await this.categorySkus(criteria.category);
      skus = skus ? skus.filter((s) => inCategory.includes(s)) : inCategory;
    }
    if (skus) {
      const buyers = skus.length === 0 ? { customerIds: [], emails: [] } : await this.deps.orders.buyers(skus);
      parts.push(sql`(s.customer_id = any(${textArray(buyers.customerIds)}) or s.email_lower = any(${textArray(buyers.emails)}))`);
    }
    if (criteria.neverOrdered) {
      const buyers = await this.deps.orders.buyers(null);
      parts.push(sql`not (coalesce(s.customer_id, '') = any(${textArray(buyers.customerIds)}))`, sql`not (s.email_lower = any(${textArray(buyers.emails)}))`);
    }
    if (criteria.rfmSegment) {
      const customers = await this.deps.analytics.rfmSegmentCustomers(criteria.rfmSegment);
      parts.push(sql`s.customer_id = any(${textArray(customers)})`);
    }
    return rows<{ id: string; email: string; locale: Locale }>(exec, sql`select s.id, s.email, s.locale from newsletters.subscriber s where ${sql.join(parts, sql` and `)} order by s.id`);
  }

  /** SKUs of the products of a category (and its descendants), through the catalog contract. */
  private async categorySkus(category: string): Promise<string[]> {
    const skus: string[] = [];
    for (let page = 1; page <= 1000; page++) {
      const found = await this.deps.catalog.listProducts({ category, page, limit: 100 } as Parameters<CatalogContract['listProducts']>[0]);
      for (const p of found.data) for (const v of p.variants) skus.push(v.sku);
      if (page * 100 >= found.pagination.total) break;
    }
    return skus;
  }

  /**
   * Creates a list. Staff limited to `scope` (their sites; undefined: no limit) create lists of
   * one of their sites only (`criteria.site` set).
   * @throws 403 SITES.NOT_ALLOWED.
   */
  async createList(input: { name: string; criteria: ListCriteria }, scope?: readonly string[]): Promise<ListDto> {
    assertScopeCovers(scope, input.criteria.site ? [input.criteria.site] : []);
    const id = newId('nlst');
    await this.database.db.execute(sql`insert into newsletters.list (id, name, criteria) values (${id}, ${input.name}, ${JSON.stringify(input.criteria)}::jsonb)`);
    return this.list(id);
  }

  /**
   * One list with its current number of subscribers, if staff limited to `scope` see it (a list of
   * one of their sites: a list of every site holds other sites' subscribers). @throws 404.
   */
  async list(id: string, scope?: readonly string[]): Promise<ListDto> {
    const [r] = await rows<{ id: string; name: string; criteria: ListCriteria; created_at: Date | string }>(this.database.db, sql`select id, name, criteria, created_at from newsletters.list where id = ${id}`);
    if (!r || !listSeen(r.criteria, scope)) throw NewslettersErrors.notFound('List');
    return { id: r.id, name: r.name, criteria: r.criteria, subscribers: (await this.segment(r.criteria)).length, createdAt: iso(r.created_at)! };
  }

  /** Every list staff limited to `scope` see (see {@link list}), by name, with their sizes. */
  async lists(scope?: readonly string[]): Promise<ListDto[]> {
    const found = await rows<{ id: string; criteria: ListCriteria }>(this.database.db, sql`select id, criteria from newsletters.list order by name, id limit 200`);
    return Promise.all(found.filter((r) => listSeen(r.criteria, scope)).map((r) => this.list(r.id)));
  }

  // ── campaigns ──

  /** Creates a draft campaign. @throws 404 when the list does not exist or `scope` does not see it (see {@link list}). */
  async createCampaign(input: { name: string; listId: string; content: CampaignContent; tracking?: boolean }, scope?: readonly string[]): Promise<CampaignDto> {
    await this.list(input.listId, scope);
    const id = newId('camp');
    await this.database.db.execute(sql`insert into newsletters.campaign (id, name, list_id, content, tracking) values (${id}, ${input.name}, ${input.listId}, ${JSON.stringify(input.content)}::jsonb, ${input.tracking ?? false})`);
    return this.campaign(id);
  }

  /** Changes a draft (or scheduled) campaign (`scope` as for {@link campaign}). @throws 404, 409 NEWSLETTERS.CAMPAIGN_STATE once sending. */
  async updateCampaign(id: string, input: { name?: string; listId?: string; content?: CampaignContent; tracking?: boolean }, scope?: readonly string[]): Promise<CampaignDto> {
    const c = await this.campaign(id, scope);
    if (c.status !== 'draft' && c.status !== 'scheduled') throw NewslettersErrors.campaignState(c.status, 'changed');
    if (input.listId) await this.list(input.listId, scope);
    await this.database.db.execute(sql`update newsletters.campaign set name = ${input.name ?? c.name}, list_id = ${input.listId ?? c.listId},
      content = ${JSON.stringify(input.content ?? c.content)}::jsonb, tracking = ${input.tracking ?? c.tracking}, updated_at = now() where id = ${id}`);
    return this.campaign(id);
  }

  /** One campaign with its results, if staff limited to `scope` see its list (see {@link list}). @throws 404. */
  async campaign(id: string, scope?: readonly string[]): Promise<CampaignDto> {
    const [r] = await rows<{ id: string; name: string; list_id: string; content: CampaignContent; status: CampaignDto['status']; tracking: boolean; scheduled_at: Date | null; started_at: Date | null; finished_at: Date | null; created_at: Date; criteria: ListCriteria }>(
      this.database.db, sql`select c.id, c.name, c.list_id, c.content, c.status, c.tracking, c.scheduled_at, c.started_at, c.finished_at, c.created_at, l.criteria
        from newsletters.campaign c join newsletters.list l on l.id = c.list_id where c.id = ${id}`,
    );
    if (!r || !listSeen(r.criteria, scope)) throw NewslettersErrors.notFound('Campaign');
    const counts = await rows<{ status: string; n: number; opened: number; clicked: number }>(this.database.db, sql`select status, count(*)::int as n,
      count(opened_at)::int as opened, count(clicked_at)::int as clicked from newsletters.recipient where campaign_id = ${id} group by status`);
    const stats: Record<string, number> = { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0, bounced: 0, opened: 0, clicked: 0 };
    for (const c of counts) {
      stats[c.status] = c.n;
      stats.opened! += c.opened;
      stats.clicked! += c.clicked;
    }
    return {
      id: r.id, name: r.name, listId: r.list_id, content: r.content, status: r.status, tracking: r.tracking,
      scheduledAt: iso(r.scheduled_at), startedAt: iso(r.started_at), finishedAt: iso(r.finished_at), createdAt: iso(r.created_at)!, stats,
    };
  }

  /** Campaigns to the lists staff limited to `scope` see (see {@link list}), newest first. */
  async campaigns(page: number, limit: number, scope?: readonly string[]): Promise<{ data: CampaignDto[]; pagination: { total: number; limit: number; page: number } }> {
    const seen = scope ? sql`c.list_id in (select id from newsletters.list where criteria->>'site' = any(${textArray([...scope])}))` : sql`true`;
    const [count] = await rows<{ n: number }>(this.database.db, sql`select count(*)::int as n from newsletters.campaign c where ${seen}`);
    const ids = await rows<{ id: string }>(this.database.db, sql`select c.id from newsletters.campaign c where ${seen} order by c.created_at desc, c.id desc limit ${limit} offset ${(page - 1) * limit}`);
    return { data: await Promise.all(ids.map((r) => this.campaign(r.id))), pagination: { total: count!.n, limit, page } };
  }

  /** The mail of campaign `id` in `locale` as a subscriber would get it (with example links); `scope` as for {@link campaign}. @throws 404. */
  async preview(id: string, locale: Locale, scope?: readonly string[]): Promise<RenderedCampaignMail> {
    const c = await this.campaign(id, scope);
    return renderCampaignMail(c.content[locale], locale, this.links('nsub_00000000000000000000000000', c.id, c.tracking));
  }

  /** Schedules campaign `id` for `at` (default now); `scope` as for {@link campaign}. @throws 404, 409 unless draft or scheduled. */
  async schedule(id: string, at: string | undefined, scope?: readonly string[]): Promise<CampaignDto> {
    const c = await this.campaign(id, scope);
    if (c.status !== 'draft' && c.status !== 'scheduled') throw NewslettersErrors.campaignState(c.status, 'scheduled');
    await this.database.db.execute(sql`update newsletters.campaign set status = 'scheduled', scheduled_at = ${at ?? new Date().toISOString()}::timestamptz, updated_at = now() where id = ${id}`);
    this.deps.campaignsDue();
    return this.campaign(id);
  }

  /** Cancels a campaign not finished yet: its pending recipients are skipped; `scope` as for {@link campaign}. @throws 404, 409 once sent. */
  async cancel(id: string, scope?: readonly string[]): Promise<CampaignDto> {
    const c = await this.campaign(id, scope);
    if (c.status === 'sent' || c.status === 'cancelled') throw NewslettersErrors.campaignState(c.status, 'cancelled');
    await this.database.transaction(async (tx) => {
      await tx.execute(sql`update newsletters.campaign set status = 'cancelled', finished_at = now(), updated_at = now() where id = ${id}`);
      await tx.execute(sql`update newsletters.recipient set status = 'skipped', error = 'campaign cancelled' where campaign_id = ${id} and status = 'pending'`);
    });
    return this.campaign(id);
  }

  /** Recipients of a campaign with their status, by address; `scope` as for {@link campaign}. @throws 404. */
  async recipients(id: string, query: { status?: string; page: number; limit: number }, scope?: readonly string[]) {
    await this.campaign(id, scope);
    const where = query.status ? sql`campaign_id = ${id} and status = ${query.status}` : sql`campaign_id = ${id}`;
    const [count] = await rows<{ n: number }>(this.database.db, sql`select count(*)::int as n from newsletters.recipient where ${where}`);
    const found = await rows<{ subscriber_id: string; email: string; locale: string; status: string; sent_at: Date | null; error: string | null; opened_at: Date | null; clicked_at: Date | null }>(
      this.database.db, sql`select subscriber_id, email, locale, status, sent_at, error, opened_at, clicked_at from newsletters.recipient where ${where} order by lower(email), subscriber_id limit ${query.limit} offset ${(query.page - 1) * query.limit}`,
    );
    return {
      data: found.map((r) => ({ subscriberId: r.subscriber_id, email: r.email, locale: r.locale, status: r.status, sentAt: iso(r.sent_at), error: r.error, openedAt: iso(r.opened_at), clickedAt: iso(r.clicked_at) })),
      pagination: { total: count!.n, limit: query.limit, page: query.page },
    };
  }

  /**
   * Starts the scheduled campaigns that are due: each one's recipients (its list's segment at
   * that moment, one per subscriber) are written, it becomes `sending` and `newsletter.campaign_started`
   * goes to the outbox, in one transaction. Returns how many started.
   */
  async startDue(): Promise<number> {
    const due = await rows<{ id: string; list_id: string }>(this.database.db, sql`select id, list_id from newsletters.campaign where status = 'scheduled' and scheduled_at <= now() order by scheduled_at limit 10`);
    let started = 0;
    for (const c of due) {
      const [l] = await rows<{ criteria: ListCriteria }>(this.database.db, sql`select criteria from newsletters.list where id = ${c.list_id}`);
      const members = await this.segment(l?.criteria ?? {});
      const ok = await this.database.transaction(async (tx) => {
        const [claimed] = await rows<{ id: string }>(tx, sql`update newsletters.campaign set status = 'sending', started_at = now(), updated_at = now() where id = ${c.id} and status = 'scheduled' returning id`);
        if (!claimed) return false;
        for (let i = 0; i < members.length; i += 5_000) {
          const chunk = members.slice(i, i + 5_000);
          await tx.execute(sql`insert into newsletters.recipient (campaign_id, subscriber_id, email, locale)
            select ${c.id}, u.id, u.email, u.locale from unnest(${textArray(chunk.map((m) => m.id))}, ${textArray(chunk.map((m) => m.email))}, ${textArray(chunk.map((m) => m.locale))}) as u(id, email, locale)
            on conflict do nothing`);
        }
        await publish(tx, 'newsletter.campaign_started', { campaignId: c.id, recipients: members.length }, c.id);
        return true;
      });
      if (ok) started += 1;
    }
    return started;
  }

  // ── bounces, complaints, tracking ──

  /**
   * Applies a mail event: a hard bounce or a complaint suppresses the address (every site) and
   * skips its pending mails; a soft bounce is counted and suppresses at {@link SOFT_BOUNCE_LIMIT};
   * an `unsubscribe` (a mailed unsubscribe request) unsubscribes every subscription of the address.
   * The campaign's recipient is marked `bounced` for bounces.
   */
  async mailEvent(input: MailEventInput): Promise<{ suppressed: boolean; softBounces: number | null }> {
    const lower = input.email.trim().toLowerCase();
    if (input.type === 'unsubscribe') {
      const subs = await rows<{ id: string }>(this.database.db, sql`select id from newsletters.subscriber where email_lower = ${lower} and status <> 'unsubscribed'`);
      for (const s of subs) await this.unsubscribeId(s.id, { ip: null, userAgent: null }, 'mailto');
      return { suppressed: false, softBounces: null };
    }
    return this.database.transaction(async (tx) => {
      if (input.type === 'bounce' && input.campaignId) {
        await tx.execute(sql`update newsletters.recipient set status = 'bounced', error = ${input.detail?.slice(0, 500) ?? `${input.bounce ?? 'hard'} bounce`} where campaign_id = ${input.campaignId} and lower(email) = ${lower}`);
      }
      let soft: number | null = null;
      let suppress = input.type === 'complaint' || input.bounce !== 'soft';
      if (!suppress) {
        const counted = await rows<{ soft_bounces: number }>(tx, sql`update newsletters.subscriber set soft_bounces = soft_bounces + 1 where email_lower = ${lower} returning soft_bounces`);
        soft = Math.max(0, ...counted.map((c) => c.soft_bounces));
        suppress = soft >= SOFT_BOUNCE_LIMIT;
      }
      if (suppress) {
        const reason = input.type === 'complaint' ? 'complaint' : 'hard_bounce';
        await tx.execute(sql`insert into newsletters.suppression (email_lower, reason, detail) values (${lower}, ${reason}, ${input.detail?.slice(0, 500) ?? null}) on conflict (email_lower) do nothing`);
        await tx.execute(sql`update newsletters.recipient set status = 'skipped', error = ${`suppressed: ${reason}`} where lower(email) = ${lower} and status = 'pending'`);
      }
      return { suppressed: suppress, softBounces: soft };
    });
  }

  /** Records an open (tracking pixel) when the token is valid; silent otherwise. */
  async trackOpen(token: string): Promise<void> {
    const t = this.trackSubject(token);
    if (t) await this.database.db.execute(sql`update newsletters.recipient set opened_at = coalesce(opened_at, now()) where campaign_id = ${t.campaignId} and subscriber_id = ${t.subscriberId}`);
  }

  /** Records a click and answers where to go: `url` when its signature `sig` is valid, else null (no open redirect). */
  async trackClick(token: string, url: string, sig: string): Promise<string | null> {
    if (!/^https?:\/\//.test(url) || !this.check(this.deps.tokens.derive('newsletter-click', url), sig)) return null;
    const t = this.trackSubject(token);
    if (t) await this.database.db.execute(sql`update newsletters.recipient set clicked_at = coalesce(clicked_at, now()), opened_at = coalesce(opened_at, now()) where campaign_id = ${t.campaignId} and subscriber_id = ${t.subscriberId}`);
    return url;
  }

  private trackSubject(token: string): { campaignId: string; subscriberId: string } | null {
    const m = /^(camp_[0-9A-Z]{26})\.(nsub_[0-9A-Z]{26})\.([\w-]{43})$/.exec(token);
    if (!m || !this.check(this.deps.tokens.derive('newsletter-track', `${m[1]}.${m[2]}`), m[3]!)) return null;
    return { campaignId: m[1]!, subscriberId: m[2]! };
  }

  /** Erases every subscription of an erased account's e-mail or id (consent rows go with them). */
  async eraseCustomer(exec: Executor, userId: string): Promise<void> {
    await exec.execute(sql`delete from newsletters.subscriber where customer_id = ${userId}`);
  }
}

/** The subscribers `query` selects (e-mail substring, status) of one of `sites` (undefined: every site). */
function subscriberFilter(query: { q?: string; status?: string }, sites: string[] | undefined) {
  return sql.join([
    sql`true`,
    ...(query.q ? [sql`s.email_lower like ${containsPattern(query.q.toLowerCase())}`] : []),
    ...(query.status ? [sql`s.status = ${query.status}`] : []),
    ...(sites ? [sql`s.site = any(${textArray(sites)})`] : []),
  ], sql` and `);
}

/** True when staff limited to `scope` (undefined: no limit) see a list of `criteria`: one of their sites' lists. */
function listSeen(criteria: ListCriteria, scope: readonly string[] | undefined): boolean {
  return !scope || (criteria.site !== undefined && scope.includes(criteria.site));
}
