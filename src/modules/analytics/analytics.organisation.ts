import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import type { Database, Executor, Tx } from '../../platform/db/index.js';
import { pgErrorCode, rows } from '../../platform/db/index.js';
import type { FieldError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { exchangeRate, region, setting, store, storeMove } from './db/schema.js';
import { AnalyticsErrors, type RejectCode, type RejectedRow } from './analytics.errors.js';
import { shortDecimal } from './domain/money.js';
import type { Scope } from './analytics.scope.js';
import { siteStoreCode, WEB_STORE_CODE } from './domain/site-stores.js';

/** Code and name of the company node, the root of the region tree (created at first start). */
export const COMPANY_CODE = 'COMPANY';
/** Setting key that remembers which store is the web shop (its code and name stay editable). */
const ONLINE_STORE_SETTING = 'onlineStoreId';

// ---------------------------------------------------------------------------------------------
// Validation of ISO codes, IANA zones and dates
// ---------------------------------------------------------------------------------------------

/** ISO 3166-1 alpha-2 country codes (the 249 officially assigned ones). */
const COUNTRIES = new Set(
  ('AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ ' +
    'DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT ' +
    'JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI ' +
    'NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK ' +
    'TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW').split(' '),
);

/** ISO 4217 currencies in use, as the runtime's ICU data knows them (GBP, EUR, USD…; not XXX or XAU). */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** True when `code` is an assigned ISO 3166-1 alpha-2 code (upper case). */
export function isCountry(code: string): boolean {
  return COUNTRIES.has(code);
}

/** True when `code` is an ISO 4217 currency code in use (upper case). */
export function isCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}

/** True when `zone` is an IANA time zone name the runtime knows (`Europe/London`, `UTC`), not an offset. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** True when `value` is a real calendar date written `YYYY-MM-DD`. */
export function isLocalDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** True when `value` is a month written `YYYY-MM` (years 1900–9999). */
export function isMonth(value: string): boolean {
  return /^(19|[2-9]\d)\d{2}-(0[1-9]|1[0-2])$/.test(value);
}

/** Today's calendar date in UTC, `YYYY-MM-DD`. */
const todayUtc = () => new Date().toISOString().slice(0, 10);

/** Rethrows a unique violation on a code index as 409 `ANALYTICS.{REGION,STORE}_CODE_TAKEN`. */
function codeConflict(err: unknown, kind: 'region' | 'store', code: string): never {
  const pg = pgErrorCode(err);
  if (pg?.code === '23505' && pg.constraint === `${kind}_code_uq`) throw AnalyticsErrors.codeTaken(kind, code);
  throw err;
}

// ---------------------------------------------------------------------------------------------
// First start: the company and the web shop
// ---------------------------------------------------------------------------------------------

/**
 * Creates, when absent, the company node (code `COMPANY`, name "Company", the tree's only root)
 * and the web shop (kind `online`, code `WEB`, name "Web shop", under the company, GBP,
 * Europe/London, GB, opened today), and records the web shop's id in the setting
 * `onlineStoreId`. Idempotent and safe when several processes start at once (every insert is
 * `on conflict do nothing`, then read back); later edits of either node are kept.
 */
export async function ensureOrganisation(db: Executor): Promise<void> {
  await db.execute(sql`
    insert into analytics.region (id, parent_id, code, name) values (${newId('reg')}, null, ${COMPANY_CODE}, 'Company')
    on conflict do nothing`);
  const [known] = await db.select().from(setting).where(eq(setting.key, ONLINE_STORE_SETTING));
  if (known) return;
  const root = await companyId(db);
  await db.execute(sql`
    insert into analytics.store (id, code, name, kind, region_id, city, country, opened_on, currency, time_zone)
    values (${newId('sto')}, ${WEB_STORE_CODE}, 'Web shop', 'online', ${root}, '', 'GB', ${todayUtc()}, 'GBP', 'Europe/London')
    on conflict do nothing`);
  const [web] = await db.select({ id: store.id }).from(store).where(eq(store.code, WEB_STORE_CODE));
  if (!web) throw new Error('analytics: the web shop could not be created');
  await db.insert(setting).values({ key: ONLINE_STORE_SETTING, value: web.id }).onConflictDoNothing();
}

/** The id of the company node (the tree's root). @throws Error when the organisation was never initialised. */
export async function companyId(db: Executor): Promise<string> {
  const [root] = await db.select({ id: region.id }).from(region).where(sql`${region.parentId} is null`);
  if (!root) throw new Error('analytics: no company node (ensureOrganisation has not run)');
  return root.id;
}

/**
 * The web shop, the store web orders are recorded in: `{ id, currency, timeZone }` (ISO 4217,
 * IANA zone). Created at first start; its fields may have been edited since.
 * @throws Error when the organisation was never initialised (the module's start does it).
 */
export async function onlineStore(db: Executor): Promise<{ id: string; currency: string; timeZone: string }> {
  const [found] = await rows<{ id: string; currency: string; time_zone: string }>(db, sql`
    select s.id, s.currency, s.time_zone from analytics.setting k join analytics.store s on s.id = k.value #>> '{}'
    where k.key = ${ONLINE_STORE_SETTING}`);
  if (!found) throw new Error('analytics: no web shop (ensureOrganisation has not run)');
  return { id: found.id, currency: found.currency, timeZone: found.time_zone };
}

/**
 * The online store the web orders of site `site` are recorded in: the web shop
 * ({@link onlineStore}) for the default site or none; for another site its own store, code
 * `WEB-<SITE>` ({@link siteStoreCode}), created with the site's first order (kind `online`, name
 * "Web shop <site>", under the company, in `currency` (ISO 4217, the site's), with the web shop's
 * country and time zone, opened that day; safe when several consumers create it at once). So
 * analytics figures split by site, and a site's store can be moved, targeted and compared like
 * any other. `{ id, currency, timeZone }` as {@link onlineStore}.
 * @throws Error when the organisation was never initialised.
 */
export async function siteStore(db: Executor, site: string | undefined, currency: string): Promise<{ id: string; currency: string; timeZone: string }> {
  if (siteStoreCode(site) === WEB_STORE_CODE) return onlineStore(db);
  const code = siteStoreCode(site);
  const read = () => rows<{ id: string; currency: string; time_zone: string }>(db, sql`select id, currency, time_zone from analytics.store where code = ${code}`);
  let [found] = await read();
  if (!found) {
    const web = await onlineStore(db);
    await db.execute(sql`
      insert into analytics.store (id, code, name, kind, region_id, city, country, opened_on, currency, time_zone)
      select ${newId('sto')}, ${code}, ${`Web shop ${site}`}, 'online', ${await companyId(db)}, '', s.country, ${todayUtc()}, ${currency}, s.time_zone
      from analytics.store s where s.id = ${web.id}
      on conflict do nothing`);
    [found] = await read();
  }
  if (!found) throw new Error(`analytics: the online store of site ${site} could not be created`);
  return { id: found.id, currency: found.currency, timeZone: found.time_zone };
}

/** The store `id` as {@link onlineStore} gives it (`{ id, currency, timeZone }`). @throws Error when there is no such store. */
export async function storeById(db: Executor, id: string): Promise<{ id: string; currency: string; timeZone: string }> {
  const [found] = await rows<{ id: string; currency: string; time_zone: string }>(db, sql`select id, currency, time_zone from analytics.store where id = ${id}`);
  if (!found) throw new Error(`analytics: no store ${id}`);
  return { id: found.id, currency: found.currency, timeZone: found.time_zone };
}

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

/**
 * The module's settings: the fiscal year's first month (1–12), the reporting currency (ISO 4217),
 * and whether the sales are the generated chain demo (set by `demo chain`, read-only here).
 */
export interface AnalyticsSettings {
  fiscalYearStartMonth: number;
  reportingCurrency: string;
  syntheticDemo: boolean;
}

/** Defaults of {@link AnalyticsSettings}: a calendar fiscal year, figures in pounds sterling. */
export const DEFAULT_SETTINGS: AnalyticsSettings = { fiscalYearStartMonth: 1, reportingCurrency: 'GBP', syntheticDemo: false };

/** The current settings (defaults for keys never set). */
export async function analyticsSettings(db: Executor): Promise<AnalyticsSettings> {
  const found = await db.select().from(setting).where(inArray(setting.key, ['fiscalYearStartMonth', 'reportingCurrency', 'syntheticDemo']));
  const value = (key: string) => found.find((r) => r.key === key)?.value;
  const month = value('fiscalYearStartMonth');
  const currency = value('reportingCurrency');
  return {
    fiscalYearStartMonth: typeof month === 'number' ? month : DEFAULT_SETTINGS.fiscalYearStartMonth,
    reportingCurrency: typeof currency === 'string' ? currency : DEFAULT_SETTINGS.reportingCurrency,
    syntheticDemo: value('syntheticDemo') === true,
  };
}

/**
 * Changes the settings (absent fields are kept). Company scope only.
 * @throws AppError 404 `ANALYTICS.NODE_NOT_FOUND` without company scope, 400 `ANALYTICS.INVALID`
 *   for an unknown currency.
 */
export async function putSettings(database: Database, scope: Scope, patch: Partial<Omit<AnalyticsSettings, 'syntheticDemo'>>): Promise<AnalyticsSettings> {
  requireCompany(scope);
  if (patch.reportingCurrency !== undefined && !isCurrency(patch.reportingCurrency)) {
    throw AnalyticsErrors.invalid('Unknown currency', [{ field: 'body/reportingCurrency', message: 'is not an ISO 4217 currency code' }]);
  }
  return database.transaction(async (tx) => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      await tx.insert(setting).values({ key, value }).onConflictDoUpdate({ target: setting.key, set: { value, updatedAt: new Date() } });
    }
    return analyticsSettings(tx);
  });
}

/** @throws AppError 404 `ANALYTICS.NODE_NOT_FOUND` (the company) unless `scope` sees the company. */
function requireCompany(scope: Scope): void {
  if (!scope.company) throw AnalyticsErrors.companyNotInScope();
}

// ---------------------------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------------------------

/** A region node as the API shows it: `depth` 0 is the company; `path` runs from the top visible node down to this one. */
export interface RegionDto {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  depth: number;
  path: { id: string; name: string }[];
}

type RegionRow = typeof region.$inferSelect;

/**
 * Every region in tree order (depth-first, siblings by name then code), each with its depth
 * and its ancestors' ids (root first, itself last).
 */
async function regionTree(db: Executor): Promise<{ row: RegionRow; depth: number; lineage: RegionRow[] }[]> {
  const all = await db.select().from(region);
  const children = new Map<string | null, RegionRow[]>();
  for (const r of all) {
    const list = children.get(r.parentId) ?? [];
    list.push(r);
    children.set(r.parentId, list);
  }
  const byName = (a: RegionRow, b: RegionRow) => a.name.localeCompare(b.name, 'en') || a.code.localeCompare(b.code, 'en');
  const out: { row: RegionRow; depth: number; lineage: RegionRow[] }[] = [];
  const walk = (parent: string | null, lineage: RegionRow[]) => {
    for (const r of (children.get(parent) ?? []).sort(byName)) {
      const mine = [...lineage, r];
      out.push({ row: r, depth: lineage.length, lineage: mine });
      walk(r.id, mine);
    }
  };
  walk(null, []);
  return out;
}

function toRegionDto(entry: { row: RegionRow; depth: number; lineage: RegionRow[] }, visible: (id: string) => boolean): RegionDto {
  return {
    id: entry.row.id,
    code: entry.row.code,
    name: entry.row.name,
    parentId: entry.row.parentId,
    depth: entry.depth,
    path: entry.lineage.filter((r) => visible(r.id)).map((r) => ({ id: r.id, name: r.name })),
  };
}

const regionVisible = (scope: Scope) => {
  const ids = new Set(scope.regionIds);
  return (id: string) => ids.has(id);
};

/** The regions `scope` sees, in tree order (a store-only or grant-less user sees none). */
export async function listRegions(db: Executor, scope: Scope): Promise<RegionDto[]> {
  const visible = regionVisible(scope);
  return (await regionTree(db)).filter((e) => visible(e.row.id)).map((e) => toRegionDto(e, visible));
}

/** One region. @throws AppError 404 `ANALYTICS.REGION_NOT_FOUND` when unknown or outside `scope`. */
export async function getRegion(db: Executor, scope: Scope, id: string): Promise<RegionDto> {
  const visible = regionVisible(scope);
  const entry = visible(id) ? (await regionTree(db)).find((e) => e.row.id === id) : undefined;
  if (!entry) throw AnalyticsErrors.regionNotFound(id);
  return toRegionDto(entry, visible);
}

/** Serialises changes to the shape of the tree (moves and creations), so two moves cannot make a cycle together. */
async function lockTree(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('analytics.region.tree'))`);
}

/**
 * Creates a region below `parentId` (default: the company, which needs company scope).
 * @throws AppError 404 `ANALYTICS.REGION_NOT_FOUND` (parent unknown or outside scope), 409
 *   `ANALYTICS.REGION_CODE_TAKEN`.
 */
export async function createRegion(database: Database, scope: Scope, input: { code: string; name: string; parentId?: string }): Promise<RegionDto> {
  const parentId = input.parentId ?? (await companyId(database.db));
  if (!regionVisible(scope)(parentId)) throw AnalyticsErrors.regionNotFound(parentId);
  const id = newId('reg');
  await database.transaction(async (tx) => {
    await lockTree(tx);
    const [parent] = await tx.select({ id: region.id }).from(region).where(eq(region.id, parentId));
    if (!parent) throw AnalyticsErrors.regionNotFound(parentId);
    await tx.insert(region).values({ id, parentId, code: input.code, name: input.name }).catch((err: unknown) => codeConflict(err, 'region', input.code));
  });
  return getRegion(database.db, { ...scope, regionIds: [...scope.regionIds, id] }, id);
}

/**
 * Renames, recodes or moves a region (`parentId`: the new parent, which must be in scope).
 * Nothing is written when any check fails.
 * @throws AppError 404 `ANALYTICS.REGION_NOT_FOUND` (the region or the new parent unknown or
 *   outside scope), 409 `ANALYTICS.REGION_CYCLE` (new parent is the region or below it), 409
 *   `ANALYTICS.COMPANY_ROOT` (moving the company), 409 `ANALYTICS.REGION_CODE_TAKEN`.
 */
export async function updateRegion(
  database: Database, scope: Scope, id: string, patch: { code?: string; name?: string; parentId?: string },
): Promise<RegionDto> {
  const visible = regionVisible(scope);
  if (!visible(id)) throw AnalyticsErrors.regionNotFound(id);
  if (patch.parentId !== undefined && !visible(patch.parentId)) throw AnalyticsErrors.regionNotFound(patch.parentId);
  await database.transaction(async (tx) => {
    if (patch.parentId !== undefined) await lockTree(tx);
    const [current] = await tx.select().from(region).where(eq(region.id, id)).for('update');
    if (!current) throw AnalyticsErrors.regionNotFound(id);
    const changes: Partial<RegionRow> = {};
    if (patch.code !== undefined) changes.code = patch.code;
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.parentId !== undefined && patch.parentId !== current.parentId) {
      if (current.parentId === null) throw AnalyticsErrors.companyRoot(id);
      // The new parent's ancestors, itself included: the region must not be among them.
      const lineage = await rows<{ id: string }>(tx, sql`
        with recursive up as (
          select id, parent_id from analytics.region where id = ${patch.parentId}
          union all
          select r.id, r.parent_id from analytics.region r join up on r.id = up.parent_id
        ) select id from up`);
      if (lineage.length === 0) throw AnalyticsErrors.regionNotFound(patch.parentId);
      if (lineage.some((r) => r.id === id)) throw AnalyticsErrors.regionCycle(id, patch.parentId);
      changes.parentId = patch.parentId;
    }
    if (Object.keys(changes).length === 0) return;
    await tx.update(region).set({ ...changes, updatedAt: new Date() }).where(eq(region.id, id))
      .catch((err: unknown) => codeConflict(err, 'region', patch.code ?? current.code));
  });
  return getRegion(database.db, scope, id);
}

/**
 * Deletes an empty region (no child region, no store, no store ever moved from or to it, no
 * target set on it) and the access grants on it.
 * @throws AppError 404 `ANALYTICS.REGION_NOT_FOUND`, 409 `ANALYTICS.COMPANY_ROOT` (the company),
 *   409 `ANALYTICS.REGION_NOT_EMPTY` (naming what it still holds).
 */
export async function deleteRegion(database: Database, scope: Scope, id: string): Promise<void> {
  if (!regionVisible(scope)(id)) throw AnalyticsErrors.regionNotFound(id);
  await database.transaction(async (tx) => {
    await lockTree(tx);
    const [current] = await tx.select().from(region).where(eq(region.id, id)).for('update');
    if (!current) throw AnalyticsErrors.regionNotFound(id);
    if (current.parentId === null) throw AnalyticsErrors.companyRoot(id);
    const [held] = await rows<{ regions: number; stores: number; moves: number; targets: number }>(tx, sql`
      select
        (select count(*)::int from analytics.region where parent_id = ${id}) as regions,
        (select count(*)::int from analytics.store where region_id = ${id}) as stores,
        (select count(*)::int from analytics.store_move where from_region_id = ${id} or to_region_id = ${id}) as moves,
        (select count(*)::int from analytics.target where level = 'region' and node_id = ${id}) as targets`);
    if (held && (held.regions || held.stores || held.moves || held.targets)) throw AnalyticsErrors.regionNotEmpty(id, held);
    await tx.execute(sql`delete from analytics.access_grant where node_kind = 'region' and node_id = ${id}`);
    await tx.delete(region).where(eq(region.id, id));
  });
}

// ---------------------------------------------------------------------------------------------
// Stores
// ---------------------------------------------------------------------------------------------

/** A store as the API shows it: dates are local calendar dates, `sellingAreaM2` whole square metres. */
export interface StoreDto {
  id: string;
  code: string;
  name: string;
  kind: 'physical' | 'online';
  regionId: string;
  city: string;
  country: string;
  openedOn: string;
  closedOn: string | null;
  sellingAreaM2: number | null;
  currency: string;
  timeZone: string;
}

/** The writable fields of a store (all but `id`). */
export type StoreInput = Omit<StoreDto, 'id'>;

type StoreRow = typeof store.$inferSelect;

function toStoreDto(r: StoreRow): StoreDto {
  return {
    id: r.id, code: r.code, name: r.name, kind: r.kind, regionId: r.regionId, city: r.city, country: r.country,
    openedOn: r.openedOn, closedOn: r.closedOn, sellingAreaM2: r.sellingAreaM2, currency: r.currency, timeZone: r.timeZone,
  };
}

/**
 * The checks JSON schemas cannot express on a whole store: known country, currency and time
 * zone, real dates, closing not before opening, a positive area.
 * @returns field errors (empty when valid); `prefix` names the fields (`body/`, or '' for CSV).
 */
export function storeErrors(s: StoreInput, prefix = 'body/'): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field: `${prefix}${field}`, message });
  if (!['physical', 'online'].includes(s.kind)) add('kind', 'must be physical or online');
  if (!isCountry(s.country)) add('country', 'is not an ISO 3166-1 alpha-2 country code');
  if (!isCurrency(s.currency)) add('currency', 'is not an ISO 4217 currency code');
  if (!isTimeZone(s.timeZone)) add('timeZone', 'is not an IANA time zone (e.g. Europe/London)');
  if (!isLocalDate(s.openedOn)) add('openedOn', 'is not a date YYYY-MM-DD');
  if (s.closedOn !== null && !isLocalDate(s.closedOn)) add('closedOn', 'is not a date YYYY-MM-DD');
  else if (s.closedOn !== null && isLocalDate(s.openedOn) && s.closedOn < s.openedOn) add('closedOn', 'must not be before openedOn');
  if (s.sellingAreaM2 !== null && !(Number.isInteger(s.sellingAreaM2) && s.sellingAreaM2 > 0 && s.sellingAreaM2 <= 2_147_483_647)) add('sellingAreaM2', 'must be a whole number of square metres above 0');
  return errors;
}

/** Filters of {@link listStores}. */
export interface StoreListQuery {
  /** Only stores in this region's subtree (it must be in scope). */
  regionId?: string;
  kind?: 'physical' | 'online';
  /** Case-insensitive match on code, name or city. */
  q?: string;
  /** Include stores closed before today (default true). */
  includeClosed?: boolean;
  page: number;
  limit: number;
}

/**
 * The stores `scope` sees, by code, one page at a time.
 * @throws AppError 404 `ANALYTICS.REGION_NOT_FOUND` when `regionId` is unknown or outside scope.
 */
export async function listStores(db: Executor, scope: Scope, query: StoreListQuery): Promise<{ data: StoreDto[]; pagination: { total: number; limit: number; page: number } }> {
  const where: SQL[] = [];
  if (!scope.company) where.push(inArray(store.id, scope.storeIds));
  if (query.regionId !== undefined) {
    if (!regionVisible(scope)(query.regionId)) throw AnalyticsErrors.regionNotFound(query.regionId);
    where.push(sql`${store.regionId} in (
      with recursive sub as (select id from analytics.region where id = ${query.regionId}
        union all select r.id from analytics.region r join sub on r.parent_id = sub.id)
      select id from sub)`);
  }
  if (query.kind) where.push(eq(store.kind, query.kind));
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(store.code, like), ilike(store.name, like), ilike(store.city, like)) as SQL);
  }
  if (query.includeClosed === false) where.push(sql`(${store.closedOn} is null or ${store.closedOn} >= ${todayUtc()})`);
  const filter = where.length ? and(...where) : undefined;
  const [total] = await db.select({ n: count() }).from(store).where(filter);
  const found = await db.select().from(store).where(filter).orderBy(asc(store.code)).limit(query.limit).offset((query.page - 1) * query.limit);
  return { data: found.map(toStoreDto), pagination: { total: Number(total?.n ?? 0), limit: query.limit, page: query.page } };
}

/** One store. @throws AppError 404 `ANALYTICS.STORE_NOT_FOUND` when unknown or outside `scope`. */
export async function getStore(db: Executor, scope: Scope, id: string): Promise<StoreDto> {
  if (!scope.storeIds.includes(id)) throw AnalyticsErrors.storeNotFound(id);
  const [found] = await db.select().from(store).where(eq(store.id, id));
  if (!found) throw AnalyticsErrors.storeNotFound(id);
  return toStoreDto(found);
}

/**
 * Creates a store in a region of `scope`.
 * @throws AppError 400 `ANALYTICS.INVALID` (field errors: country, currency, time zone, dates,
 *   area), 404 `ANALYTICS.REGION_NOT_FOUND`, 409 `ANALYTICS.STORE_CODE_TAKEN`.
 */
export async function createStore(database: Database, scope: Scope, input: StoreInput): Promise<StoreDto> {
  const errors = storeErrors(input);
  if (errors.length) throw AnalyticsErrors.invalid(`Invalid store: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
  if (!regionVisible(scope)(input.regionId)) throw AnalyticsErrors.regionNotFound(input.regionId);
  const id = newId('sto');
  const created = await database.transaction(async (tx) => {
    const [parent] = await tx.select({ id: region.id }).from(region).where(eq(region.id, input.regionId)).for('share');
    if (!parent) throw AnalyticsErrors.regionNotFound(input.regionId);
    const [row] = await tx.insert(store).values({ id, ...input }).returning().catch((err: unknown) => codeConflict(err, 'store', input.code));
    return row!;
  });
  return toStoreDto(created);
}

/**
 * Changes a store (absent fields kept; `closedOn`/`sellingAreaM2` null clear). A new `regionId`
 * moves it (the region must be in scope) and records a `store_move` (from, to, actor, time) in
 * the same transaction; reports use the current tree, so its history follows it.
 * @throws AppError 400 `ANALYTICS.INVALID`, 404 `ANALYTICS.STORE_NOT_FOUND` /
 *   `ANALYTICS.REGION_NOT_FOUND`, 409 `ANALYTICS.STORE_CODE_TAKEN`.
 */
export async function updateStore(database: Database, scope: Scope, id: string, patch: Partial<StoreInput>, actor: string | null): Promise<StoreDto> {
  if (!scope.storeIds.includes(id)) throw AnalyticsErrors.storeNotFound(id);
  if (patch.regionId !== undefined && !regionVisible(scope)(patch.regionId)) throw AnalyticsErrors.regionNotFound(patch.regionId);
  const updated = await database.transaction(async (tx) => {
    const [current] = await tx.select().from(store).where(eq(store.id, id)).for('update');
    if (!current) throw AnalyticsErrors.storeNotFound(id);
    const next: StoreInput = { ...toStoreDto(current), ...patch };
    const errors = storeErrors(next);
    if (errors.length) throw AnalyticsErrors.invalid(`Invalid store: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
    return writeStore(tx, current, next, actor);
  });
  return toStoreDto(updated);
}

/** Writes `next` over `current` when anything differs, recording a move when the region changes. @returns the row as stored. */
async function writeStore(tx: Tx, current: StoreRow, next: StoreInput, actor: string | null): Promise<StoreRow> {
  const before = toStoreDto(current);
  const changed = (Object.keys(next) as (keyof StoreInput)[]).filter((k) => next[k] !== before[k]);
  if (changed.length === 0) return current;
  if (next.regionId !== current.regionId) {
    const [target] = await tx.select({ id: region.id }).from(region).where(eq(region.id, next.regionId)).for('share');
    if (!target) throw AnalyticsErrors.regionNotFound(next.regionId);
  }
  const [row] = await tx.update(store).set({ ...next, updatedAt: new Date() }).where(eq(store.id, current.id)).returning()
    .catch((err: unknown) => codeConflict(err, 'store', next.code));
  if (next.regionId !== current.regionId) {
    await tx.insert(storeMove).values({ id: newId('smv'), storeId: current.id, fromRegionId: current.regionId, toRegionId: next.regionId, actor });
  }
  return row!;
}

/** A recorded store move; a region outside the caller's scope shows its id but no code or name. */
export interface StoreMoveDto {
  id: string;
  storeId: string;
  from: { id: string; code: string | null; name: string | null };
  to: { id: string; code: string | null; name: string | null };
  /** User id of who moved it (null: a system import). */
  actor: string | null;
  movedAt: string;
}

/** The moves of a store, newest first. @throws AppError 404 `ANALYTICS.STORE_NOT_FOUND`. */
export async function storeMoves(db: Executor, scope: Scope, id: string): Promise<StoreMoveDto[]> {
  await getStore(db, scope, id);
  const visible = regionVisible(scope);
  const found = await rows<{ id: string; from_id: string; from_code: string; from_name: string; to_id: string; to_code: string; to_name: string; actor: string | null; moved_at: string | Date }>(db, sql`
    select m.id, f.id as from_id, f.code as from_code, f.name as from_name, t.id as to_id, t.code as to_code, t.name as to_name, m.actor, m.moved_at
    from analytics.store_move m join analytics.region f on f.id = m.from_region_id join analytics.region t on t.id = m.to_region_id
    where m.store_id = ${id} order by m.moved_at desc, m.id desc`);
  const node = (rid: string, code: string, name: string) => (visible(rid) ? { id: rid, code, name } : { id: rid, code: null, name: null });
  return found.map((m) => ({
    id: m.id, storeId: id, from: node(m.from_id, m.from_code, m.from_name), to: node(m.to_id, m.to_code, m.to_name),
    actor: m.actor, movedAt: new Date(m.moved_at).toISOString(),
  }));
}

// ---------------------------------------------------------------------------------------------
// CSV imports (stores, exchange rates)
// ---------------------------------------------------------------------------------------------


/** What a store import did (or would have done: any rejected row means nothing was written). */
export interface StoreImportReport {
  created: number;
  updated: number;
  unchanged: number;
  regionsCreated: number;
  rejected: RejectedRow[];
}

/** Columns of the store CSV, in the documented order (any order is read; all must be present). */
export const STORE_CSV_COLUMNS = ['code', 'name', 'kind', 'region_code', 'city', 'country', 'opened_on', 'closed_on', 'selling_area_m2', 'currency', 'time_zone'] as const;
/** Columns of the exchange-rate CSV. */
export const RATE_CSV_COLUMNS = ['currency', 'month', 'rate'] as const;

/** Longest accepted store or region code (characters). */
export const MAX_CODE = 64;
/**
 * A store or region code: letters and digits of any script, with spaces and `. _ / & ' ( ) + -`
 * inside (`LDS-01`, `2633`, `Des Moines`, `Île-de-France`); starts and ends with a letter, digit or `)`.
 */
export const CODE_PATTERN = "^[\\p{L}\\p{N}](?:[\\p{L}\\p{N} ._/&'()+-]*[\\p{L}\\p{N})])?$";
const CODE_RE = new RegExp(CODE_PATTERN, 'u');
/** Longest accepted store or region name, and store city (characters). */
export const MAX_NAME = 200;

/**
 * Reads a CSV with a header line into records keyed by column name, each with the 1-based
 * line it starts on. Empty lines are skipped; a BOM is ignored; cells are trimmed.
 * @throws AppError 400 `ANALYTICS.CSV_INVALID` when the text is not CSV or a column is missing.
 */
function readCsv(text: string, columns: readonly string[]): { line: number; cells: Record<string, string> }[] {
  let records: { record: Record<string, string>; info: { lines: number; raw?: string } }[];
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), bom: true, trim: true, skip_empty_lines: true, info: true, relax_column_count: false }) as typeof records;
  } catch (err) {
    throw AnalyticsErrors.csvInvalid(`The file is not valid CSV: ${(err as Error).message}`);
  }
  const header = parseHeader(text);
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length) throw AnalyticsErrors.csvInvalid(`Missing column(s): ${missing.join(', ')} (expected ${columns.join(',')})`);
  return records.map((r) => ({ line: r.info.lines, cells: r.record }));
}

/** The header names of a CSV text (lower case, trimmed). */
function parseHeader(text: string): string[] {
  try {
    const [first] = parse(text, { bom: true, trim: true, to_line: 1 }) as string[][];
    return (first ?? []).map((h) => h.toLowerCase());
  } catch {
    return [];
  }
}

/**
 * Imports stores from CSV (columns {@link STORE_CSV_COLUMNS}, region by code, upsert by store
 * code), all or nothing: every row is checked first; any rejected row → 422 carrying the report
 * and nothing written. Re-importing the same file changes nothing (`unchanged` counts those
 * rows). A store whose region changes is moved and the move recorded. Unknown region codes are
 * rejected rows unless `createMissingRegions` (company scope only), which creates them under the
 * company (name = code). Rows may only name regions and stores in `scope`.
 * @throws AppError 400 `ANALYTICS.CSV_INVALID`, 422 `ANALYTICS.IMPORT_REJECTED` (`report`).
 */
export async function importStores(
  database: Database, scope: Scope, text: string, options: { createMissingRegions?: boolean }, actor: string | null,
): Promise<StoreImportReport> {
  const records = readCsv(text, STORE_CSV_COLUMNS);
  if (records.length === 0) throw AnalyticsErrors.csvInvalid('The file has no rows');
  const visibleRegion = regionVisible(scope);
  const visibleStore = new Set(scope.storeIds);
  return database.transaction(async (tx) => {
    await lockTree(tx);
    const regionsByCode = new Map((await tx.select().from(region)).map((r) => [r.code, r]));
    const codes = records.map((r) => r.cells.code ?? '').filter((c) => c !== '');
    const existing = new Map((codes.length ? await tx.select().from(store).where(inArray(store.code, [...new Set(codes)])).for('update') : []).map((s) => [s.code, s]));
    const report: StoreImportReport = { created: 0, updated: 0, unchanged: 0, regionsCreated: 0, rejected: [] };
    const seen = new Set<string>();
    const missingRegions = new Set<string>();
    const planned: { input: StoreInput; current?: StoreRow; regionCode: string }[] = [];
    for (const { line, cells } of records) {
      const code = cells.code ?? '';
      // The reason names the row's store code (the line is in `line`).
      const reject = (why: RejectCode, reason: string) => report.rejected.push({ line, code: why, reason: code ? `${code}: ${reason}` : reason });
      if (code === '' || code.length > MAX_CODE || !CODE_RE.test(code)) { reject('ANALYTICS.BAD_CODE', `code must be 1–${MAX_CODE} letters, digits, spaces or . _ / & ' ( ) + -`); continue; }
      if (seen.has(code)) { reject('ANALYTICS.DUPLICATE', 'the same code appears on an earlier line'); continue; }
      seen.add(code);
      const name = cells.name ?? '';
      if (name === '' || name.length > MAX_NAME) { reject('ANALYTICS.BAD_NAME', `name must be 1–${MAX_NAME} characters`); continue; }
      const regionCode = cells.region_code ?? '';
      const known = regionsByCode.get(regionCode);
      if (regionCode === '') { reject('ANALYTICS.MISSING_VALUE', 'region_code is empty'); continue; }
      if (known ? !visibleRegion(known.id) : !(options.createMissingRegions && scope.company)) {
        reject('ANALYTICS.UNKNOWN_REGION', `unknown region code ${regionCode}${scope.company && !options.createMissingRegions ? ' (createMissingRegions=true creates it under the company)' : ''}`);
        continue;
      }
      if (!known && (regionCode.length > MAX_CODE || !CODE_RE.test(regionCode))) { reject('ANALYTICS.BAD_CODE', `region_code must be 1–${MAX_CODE} letters, digits, spaces or . _ / & ' ( ) + -`); continue; }
      const area = cells.selling_area_m2 ?? '';
      if (area !== '' && !/^\d{1,9}$/.test(area)) { reject('ANALYTICS.BAD_VALUE', 'selling_area_m2 must be a whole number of square metres above 0'); continue; }
      const input: StoreInput = {
        code, name, kind: ((cells.kind ?? '') || 'physical') as StoreInput['kind'], regionId: known?.id ?? '', city: (cells.city ?? '').slice(0, MAX_NAME),
        country: (cells.country ?? '').toUpperCase(), openedOn: cells.opened_on ?? '', closedOn: (cells.closed_on ?? '') || null,
        sellingAreaM2: area === '' ? null : Number(area), currency: (cells.currency ?? '').toUpperCase(), timeZone: cells.time_zone ?? '',
      };
      const errors = storeErrors(input, '');
      if (errors.length) { reject(errors.every((e) => e.field === 'openedOn' || e.field === 'closedOn') ? 'ANALYTICS.BAD_DATE' : 'ANALYTICS.BAD_VALUE', errors.map((e) => `${csvName(e.field)} ${e.message}`).join('; ')); continue; }
      const current = existing.get(code);
      if (current && !visibleStore.has(current.id)) { reject('ANALYTICS.CODE_TAKEN', 'another store already has this code'); continue; }
      if (!known) missingRegions.add(regionCode);
      planned.push({ input, current, regionCode });
    }
    if (report.rejected.length) throw AnalyticsErrors.importRejected(`${report.rejected.length} row(s) rejected; nothing was imported`, report);
    if (missingRegions.size) {
      const root = await companyId(tx);
      for (const code of missingRegions) {
        const row = { id: newId('reg'), parentId: root, code, name: code };
        await tx.insert(region).values(row);
        regionsByCode.set(code, { ...row, createdAt: new Date(), updatedAt: new Date() });
        report.regionsCreated += 1;
      }
    }
    for (const p of planned) {
      const input = { ...p.input, regionId: regionsByCode.get(p.regionCode)!.id };
      if (!p.current) {
        await tx.insert(store).values({ id: newId('sto'), ...input });
        report.created += 1;
      } else {
        const row = await writeStore(tx, p.current, input, actor);
        if (row === p.current) report.unchanged += 1;
        else report.updated += 1;
      }
    }
    return report;
  });
}

/** The CSV column of a store field (for rejection reasons). */
function csvName(field: string): string {
  return ({ openedOn: 'opened_on', closedOn: 'closed_on', sellingAreaM2: 'selling_area_m2', timeZone: 'time_zone' } as Record<string, string>)[field] ?? field;
}

// ---------------------------------------------------------------------------------------------
// Exchange rates
// ---------------------------------------------------------------------------------------------

/** A monthly average rate: one unit of `currency` is worth `rate` units of `reportingCurrency` in `month`. */
export interface ExchangeRateDto {
  currency: string;
  reportingCurrency: string;
  /** `YYYY-MM`. */
  month: string;
  /** Decimal string, up to 10 decimals, trailing zeros removed (`0.9123`). */
  rate: string;
}

/** A rate as written by a client: `month` `YYYY-MM`, `rate` a decimal string above 0. */
export interface ExchangeRateInput {
  currency: string;
  month: string;
  rate: string;
}

/** The rates to the current reporting currency, by currency then month; filtered by `currency` and calendar `year`. */
export async function listRates(db: Executor, query: { currency?: string; year?: number }): Promise<{ reportingCurrency: string; data: ExchangeRateDto[] }> {
  const { reportingCurrency } = await analyticsSettings(db);
  const where: SQL[] = [eq(exchangeRate.reportingCurrency, reportingCurrency)];
  if (query.currency) where.push(eq(exchangeRate.currency, query.currency));
  if (query.year !== undefined) where.push(sql`${exchangeRate.month} >= ${`${query.year}-01-01`} and ${exchangeRate.month} < ${`${query.year + 1}-01-01`}`);
  const found = await db.select().from(exchangeRate).where(and(...where)).orderBy(asc(exchangeRate.currency), asc(exchangeRate.month));
  return {
    reportingCurrency,
    data: found.map((r) => ({ currency: r.currency, reportingCurrency: r.reportingCurrency, month: r.month.slice(0, 7), rate: shortDecimal(r.rate) })),
  };
}

/** Why a rate cannot be stored, or null when it can. */
function rateError(r: ExchangeRateInput, reportingCurrency: string): { field: 'currency' | 'month' | 'rate'; message: string } | null {
  if (!isCurrency(r.currency)) return { field: 'currency', message: 'is not an ISO 4217 currency code' };
  if (r.currency === reportingCurrency) return { field: 'currency', message: `is the reporting currency (its rate is 1 by definition)` };
  if (!isMonth(r.month)) return { field: 'month', message: 'is not a month YYYY-MM' };
  if (!/^\d{1,10}(\.\d{1,10})?$/.test(r.rate)) return { field: 'rate', message: 'must be a decimal number with at most 10 digits before and after the point' };
  if (!/[1-9]/.test(r.rate)) return { field: 'rate', message: 'must be above 0' };
  return null;
}

/** Upserts rates inside `tx`; @returns how many were new, changed, or the same. */
async function writeRates(tx: Tx, reportingCurrency: string, rates: ExchangeRateInput[]): Promise<{ created: number; updated: number; unchanged: number }> {
  const out = { created: 0, updated: 0, unchanged: 0 };
  for (const r of rates) {
    const month = `${r.month}-01`;
    const [before] = await tx.select({ rate: exchangeRate.rate }).from(exchangeRate)
      .where(and(eq(exchangeRate.currency, r.currency), eq(exchangeRate.reportingCurrency, reportingCurrency), eq(exchangeRate.month, month)));
    if (before && shortDecimal(before.rate) === shortDecimal(r.rate)) {
      out.unchanged += 1;
      continue;
    }
    await tx.insert(exchangeRate).values({ currency: r.currency, reportingCurrency, month, rate: r.rate })
      .onConflictDoUpdate({ target: [exchangeRate.currency, exchangeRate.reportingCurrency, exchangeRate.month], set: { rate: r.rate, updatedAt: new Date() } });
    if (before) out.updated += 1;
    else out.created += 1;
  }
  return out;
}

/**
 * Records monthly rates to the current reporting currency (upsert by currency and month), all
 * or nothing. Company scope only.
 * @throws AppError 404 `ANALYTICS.NODE_NOT_FOUND` without company scope, 400 `ANALYTICS.INVALID`
 *   (field errors `body/rates/<i>/<field>`).
 */
export async function putRates(database: Database, scope: Scope, rates: ExchangeRateInput[]): Promise<{ reportingCurrency: string; data: ExchangeRateDto[] }> {
  requireCompany(scope);
  return database.transaction(async (tx) => {
    const { reportingCurrency } = await analyticsSettings(tx);
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    rates.forEach((r, i) => {
      const e = rateError(r, reportingCurrency);
      if (e) errors.push({ field: `body/rates/${i}/${e.field}`, message: e.message });
      else if (seen.has(`${r.currency} ${r.month}`)) errors.push({ field: `body/rates/${i}`, message: `repeats ${r.currency} ${r.month}` });
      seen.add(`${r.currency} ${r.month}`);
    });
    if (errors.length) throw AnalyticsErrors.invalid(`Invalid rates: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
    await writeRates(tx, reportingCurrency, rates);
    const written = await listRates(tx, {});
    return { reportingCurrency, data: written.data.filter((w) => seen.has(`${w.currency} ${w.month}`)) };
  });
}

/** What a rate import did. */
export interface RateImportReport {
  reportingCurrency: string;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
}

/**
 * Imports rates from CSV (`currency,month,rate`), all or nothing (any rejected row → 422 with
 * the report, nothing written); re-importing the same file changes nothing. Company scope only.
 * @throws AppError 404 `ANALYTICS.NODE_NOT_FOUND`, 400 `ANALYTICS.CSV_INVALID`, 422 `ANALYTICS.IMPORT_REJECTED`.
 */
export async function importRates(database: Database, scope: Scope, text: string): Promise<RateImportReport> {
  requireCompany(scope);
  const records = readCsv(text, RATE_CSV_COLUMNS);
  if (records.length === 0) throw AnalyticsErrors.csvInvalid('The file has no rows');
  return database.transaction(async (tx) => {
    const { reportingCurrency } = await analyticsSettings(tx);
    const report: RateImportReport = { reportingCurrency, created: 0, updated: 0, unchanged: 0, rejected: [] };
    const seen = new Set<string>();
    const rates: ExchangeRateInput[] = [];
    for (const { line, cells } of records) {
      const r = { currency: (cells.currency ?? '').toUpperCase(), month: cells.month ?? '', rate: cells.rate ?? '' };
      const e = rateError(r, reportingCurrency);
      const key = `${r.currency} ${r.month}`;
      const why: Record<'currency' | 'month' | 'rate', RejectCode> = { currency: 'ANALYTICS.BAD_VALUE', month: 'ANALYTICS.BAD_DATE', rate: 'ANALYTICS.BAD_VALUE' };
      if (e) report.rejected.push({ line, code: why[e.field], reason: `${key}: ${e.field} ${e.message}` });
      else if (seen.has(key)) report.rejected.push({ line, code: 'ANALYTICS.DUPLICATE', reason: `${key}: the same currency and month appear on an earlier line` });
      else rates.push(r);
      seen.add(key);
    }
    if (report.rejected.length) throw AnalyticsErrors.importRejected(`${report.rejected.length} row(s) rejected; nothing was imported`, report);
    Object.assign(report, await writeRates(tx, reportingCurrency, rates));
    return report;
  });
}
