import { asc, eq, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../platform/db/index.js';
import { publish } from '../../platform/events/index.js';
import { DEFAULT_SITE_CODE, type RequestSite } from '../../platform/http/site.js';
import { SitesErrors } from './sites.errors.js';
import type { SiteSnapshot } from './sites.events.js';
import type { SitesContract } from './sites.contract.js';
import type { PublicSiteDto, SiteCreateBody, SiteDto, SiteUpdateBody } from './sites.schemas.js';
import { site } from './db/schema.js';

/** A site row. */
type SiteRow = typeof site.$inferSelect;

/** How long a process trusts its copy of the sites when another process may have changed them (ms). */
const SITES_TTL_MS = 5_000;

/** Defaults of a new site and of the default site: the shop's shipping methods and tax rules, a neutral theme. */
export interface SiteDefaults {
  /** Currency of the default site (ISO 4217): the currency prices had before sites. */
  currency: string;
  /** Contact e-mail of the default site (the address of `MAIL_FROM`). */
  contactEmail: string;
  /** Ids of the cart module's configured shipping methods: the default site offers them all. */
  shippingMethodIds: string[];
  /** The cart module's home country for tax. */
  taxHomeCountry: string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** A row as {@link SiteDto}. */
function toDto(row: SiteRow): SiteDto {
  return {
    code: row.code, name: row.name, hosts: row.hosts, defaultLanguage: row.defaultLanguage, languages: row.languages as SiteDto['languages'],
    currency: row.currency, theme: row.theme, contactEmail: row.contactEmail, legalPages: row.legalPages, shippingMethodIds: row.shippingMethodIds,
    tax: row.tax, isDefault: row.code === DEFAULT_SITE_CODE, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt),
  };
}

/** A site as events carry it. */
function snapshot(s: SiteDto): SiteSnapshot {
  return {
    code: s.code, name: s.name, hosts: s.hosts, defaultLanguage: s.defaultLanguage, languages: s.languages,
    currency: s.currency, contactEmail: s.contactEmail, createdAt: s.createdAt, updatedAt: s.updatedAt,
  };
}

/** The sites a process holds: by code and by host name. */
interface Snapshot { byCode: Map<string, SiteDto>; byHost: Map<string, SiteDto>; loadedAt: number }

/**
 * Sites: CRUD, the default site, and the resolution of a request's site from its host name or
 * `X-Comptoir-Site` header. Every process keeps all sites in memory (a handful): reloaded after
 * its own writes, and at most {@link SITES_TTL_MS} ms old after another process's.
 */
export class SitesService {
  private current: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;

  /**
   * `remote`: services mode, in a process that does not run sites: the sites service's contract
   * (its `/internal` client), from which the copy is loaded instead of this process's database.
   */
  constructor(
    private readonly database: Database,
    private readonly defaults: SiteDefaults,
    private readonly remote?: Pick<SitesContract, 'list'>,
  ) {}

  /**
   * The sites as this process knows them (loaded when absent or stale). Inside a transaction pass
   * it as `db`: a reload then reads through it (on the embedded database a read outside the open
   * transaction would wait for that transaction to end).
   */
  async sites(db?: Executor): Promise<Snapshot> {
    if (this.current && Date.now() - this.current.loadedAt < SITES_TTL_MS) return this.current;
    if (db) return this.load(db);
    this.loading ??= this.load(this.database.db).finally(() => { this.loading = null; });
    return this.loading;
  }

  private async load(db: Executor): Promise<Snapshot> {
    const found = this.remote ? await this.fromRemote() : (await db.select().from(site).orderBy(asc(site.code))).map(toDto);
    const byCode = new Map(found.map((s) => [s.code, s]));
    const byHost = new Map(found.flatMap((s) => s.hosts.map((h) => [h, s] as const)));
    this.current = { byCode, byHost, loadedAt: Date.now() };
    return this.current;
  }

  /**
   * The sites from the sites service; while it cannot be reached, the copy this process has
   * (requests go on with the sites it knew), or the default site alone before it had any.
   */
  private async fromRemote(): Promise<SiteDto[]> {
    try {
      return await this.remote!.list();
    } catch {
      return this.current ? [...this.current.byCode.values()] : [this.fallback()];
    }
  }

  /**
   * The site of a request: the one `header` (`X-Comptoir-Site`) names when given, else the one
   * whose host names hold `host` (port dropped, case-insensitive), else the default site.
   * @throws 404 SITES.SITE_NOT_FOUND when `header` names no site.
   */
  async resolve(host: string | undefined, header: string | undefined): Promise<SiteDto> {
    const { byCode, byHost } = await this.sites();
    if (header !== undefined && header !== '') {
      const named = byCode.get(header.trim().toLowerCase());
      if (!named) throw SitesErrors.siteNotFound(header);
      return named;
    }
    const name = host?.replace(/:\d+$/, '').toLowerCase();
    const byName = name ? byHost.get(name) : undefined;
    return byName ?? byCode.get(DEFAULT_SITE_CODE) ?? this.fallback();
  }

  /** The default site's settings when its row is not there yet (before first start). */
  private fallback(): SiteDto {
    const now = new Date(0).toISOString();
    return {
      code: DEFAULT_SITE_CODE, name: 'Comptoir', hosts: [], defaultLanguage: 'en', languages: ['en', 'fr'], currency: this.defaults.currency,
      theme: { logoUrl: null, primaryColor: '#1f2937', accentColor: '#2563eb' }, contactEmail: this.defaults.contactEmail, legalPages: [],
      shippingMethodIds: this.defaults.shippingMethodIds, tax: { homeCountry: this.defaults.taxHomeCountry, pricesIncludeTax: true },
      isDefault: true, createdAt: now, updatedAt: now,
    };
  }

  /** A site as a request carries it. */
  static requestSite(s: SiteDto): RequestSite {
    return { code: s.code, currency: s.currency, language: s.defaultLanguage, hosts: s.hosts };
  }

  /** The storefront's view of a site. */
  static publicView(s: SiteDto): PublicSiteDto {
    return {
      code: s.code, name: s.name, defaultLanguage: s.defaultLanguage, languages: s.languages, currency: s.currency,
      theme: s.theme, contactEmail: s.contactEmail, legalPages: s.legalPages,
    };
  }

  /**
   * Creates the default site (code `default`, the shop's currency, English and French, every
   * shipping method) when it does not exist, with its `site.created` event. Idempotent, safe
   * when several processes start at once.
   */
  async ensureDefault(): Promise<void> {
    await this.database.transaction(async (tx) => {
      const d = this.fallback();
      const inserted = await tx.insert(site).values({
        code: d.code, name: d.name, hosts: d.hosts, defaultLanguage: d.defaultLanguage, languages: d.languages, currency: d.currency,
        theme: d.theme, contactEmail: d.contactEmail, legalPages: d.legalPages, shippingMethodIds: d.shippingMethodIds, tax: d.tax,
      }).onConflictDoNothing().returning();
      if (inserted[0]) await publish(tx, 'site.created', { site: snapshot(toDto(inserted[0])) }, d.code);
    });
    this.current = null;
  }

  /** Every site, by code. */
  async list(): Promise<SiteDto[]> {
    return (await this.database.db.select().from(site).orderBy(asc(site.code))).map(toDto);
  }

  /** One site. @throws 404 SITES.SITE_NOT_FOUND. */
  async get(code: string): Promise<SiteDto> {
    const [row] = await this.database.db.select().from(site).where(eq(site.code, code));
    if (!row) throw SitesErrors.siteNotFound(code);
    return toDto(row);
  }

  /**
   * Creates a site; publishes `site.created`.
   * @throws 409 SITES.CODE_TAKEN, 409 SITES.HOST_TAKEN, 400 SITES.INVALID (default language not offered).
   */
  async create(body: SiteCreateBody): Promise<SiteDto> {
    const base = this.fallback();
    const values = {
      code: body.code, name: body.name, currency: body.currency, contactEmail: body.contactEmail,
      hosts: normaliseHosts(body.hosts ?? []), defaultLanguage: body.defaultLanguage ?? 'en', languages: body.languages ?? [body.defaultLanguage ?? 'en'],
      theme: body.theme ?? base.theme, legalPages: body.legalPages ?? [], shippingMethodIds: body.shippingMethodIds ?? base.shippingMethodIds, tax: body.tax ?? base.tax,
    };
    this.check(values);
    const created = await this.write(async (tx) => {
      await this.checkHosts(tx, values.hosts, body.code);
      const [row] = await tx.insert(site).values(values).onConflictDoNothing().returning();
      if (!row) throw SitesErrors.codeTaken(body.code);
      const dto = toDto(row);
      await publish(tx, 'site.created', { site: snapshot(dto) }, dto.code);
      return dto;
    });
    return created;
  }

  /**
   * Changes a site's settings; publishes `site.updated`.
   * @throws 404 SITES.SITE_NOT_FOUND, 409 SITES.HOST_TAKEN, 400 SITES.INVALID.
   */
  async update(code: string, body: SiteUpdateBody): Promise<SiteDto> {
    return this.write(async (tx) => {
      const [before] = await tx.select().from(site).where(eq(site.code, code)).for('update');
      if (!before) throw SitesErrors.siteNotFound(code);
      const next = { ...before, ...body, ...(body.hosts ? { hosts: normaliseHosts(body.hosts) } : {}) };
      this.check(next);
      if (body.hosts) await this.checkHosts(tx, next.hosts, code);
      const [row] = await tx.update(site).set({
        name: next.name, hosts: next.hosts, defaultLanguage: next.defaultLanguage, languages: next.languages, currency: next.currency,
        theme: next.theme, contactEmail: next.contactEmail, legalPages: next.legalPages, shippingMethodIds: next.shippingMethodIds, tax: next.tax,
        updatedAt: new Date(),
      }).where(eq(site.code, code)).returning();
      const dto = toDto(row!);
      await publish(tx, 'site.updated', { site: snapshot(dto) }, code);
      return dto;
    });
  }

  /**
   * Deletes a site (its products, prices, carts and orders keep its code); publishes `site.deleted`.
   * @throws 404 SITES.SITE_NOT_FOUND, 409 SITES.DEFAULT_SITE.
   */
  async delete(code: string): Promise<void> {
    if (code === DEFAULT_SITE_CODE) throw SitesErrors.defaultSite();
    await this.write(async (tx) => {
      const deleted = await tx.delete(site).where(eq(site.code, code)).returning({ code: site.code });
      if (deleted.length === 0) throw SitesErrors.siteNotFound(code);
      await publish(tx, 'site.deleted', { code }, code);
    });
  }

  /** Runs `fn` in a transaction and drops this process's copy of the sites afterwards. */
  private async write<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    try {
      return await this.database.transaction(fn);
    } finally {
      this.current = null;
    }
  }

  /** Settings that must hold together. @throws 400 SITES.INVALID. */
  private check(s: { defaultLanguage: string; languages: string[]; shippingMethodIds: string[] }): void {
    if (!s.languages.includes(s.defaultLanguage)) throw SitesErrors.invalid('languages', `must include the default language ${s.defaultLanguage}`);
    const unknown = s.shippingMethodIds.find((id) => !this.defaults.shippingMethodIds.includes(id));
    if (unknown) throw SitesErrors.invalid('shippingMethodIds', `holds ${unknown}, not a configured shipping method (${this.defaults.shippingMethodIds.join(', ')})`);
  }

  /** @throws 409 SITES.HOST_TAKEN when a host name already selects another site. */
  private async checkHosts(tx: Executor, hosts: string[], code: string): Promise<void> {
    if (hosts.length === 0) return;
    await tx.execute(sql`lock table sites.site in share row exclusive mode`);
    const [taken] = await tx
      .select({ code: site.code, hosts: site.hosts })
      .from(site)
      .where(sql`${site.code} <> ${code} and ${site.hosts} && ${sql`${`{${hosts.join(',')}}`}::text[]`}`)
      .limit(1);
    if (taken) throw SitesErrors.hostTaken(taken.hosts.find((h) => hosts.includes(h)) ?? hosts[0]!, taken.code);
  }
}

/** Host names lower-case, without duplicates. */
function normaliseHosts(hosts: string[]): string[] {
  return [...new Set(hosts.map((h) => h.toLowerCase()))];
}
