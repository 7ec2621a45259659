import { and, count, desc, eq, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor, Tx } from '../../platform/db/index.js';
import { pgErrorCode } from '../../platform/db/index.js';
import { badRequest } from '../../platform/errors.js';
import { publish } from '../../platform/events/index.js';
import { assertScopeCovers, scopeSees } from '../../platform/http/site.js';
import { newId } from '../../platform/ids.js';
import type { PromotionCustomer, PromotionEvaluation, PromotionEvaluationInput } from './promotions.contract.js';
import { PromotionsErrors } from './promotions.errors.js';
import type { PromotionSnapshot } from './promotions.events.js';
import type { PromotionCreateBody, PromotionDto, PromotionListQuery, PromotionUpdateBody, RedemptionDto } from './promotions.schemas.js';
import { promotion, redemption } from './db/schema.js';
import { customerKeys, type CustomerKeys } from './domain/customer.js';
import { availabilityProblem, evaluateRule, normalizeCode, ruleErrors, type PromotionRule } from './domain/eligibility.js';

type PromotionRow = typeof promotion.$inferSelect;
type RedemptionRow = typeof redemption.$inferSelect;

/** A page of results. */
export interface Page<T> {
  data: T[];
  pagination: { total: number; limit: number; page: number };
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const dedupe = (values: string[]) => [...new Set(values)];
/** Thrown inside the redeem savepoint when this order already holds a redemption: rolls the savepoint back, then redeem returns. */
const ALREADY_REDEEMED = Symbol('already redeemed');

/**
 * Promotions domain logic: back-office CRUD, evaluation of a code against a cart, and the
 * redemption ledger (redeem / release inside the caller's transaction). Every change publishes
 * its event in the same transaction.
 */
export class PromotionsService {
  constructor(private readonly database: Database) {}

  private get db() {
    return this.database.db;
  }

  private async write<T>(fn: (tx: Tx) => Promise<T>, context: 'create' | 'update', code?: string): Promise<T> {
    try {
      return await this.database.transaction(fn);
    } catch (err) {
      throw mapDbError(err, context, code);
    }
  }

  // ---------------------------------------------------------------- back office

  /**
   * Creates a promotion; the code is stored upper-case. `value` defaults to 0 for free shipping.
   * Publishes `promotion.created`.
   * Staff limited to `scope` (their sites; undefined: no limit) create promotions for their sites
   * only, named in `sites` (omitted, a promotion applies on every site).
   * @throws 400 PROMOTIONS.INVALID_RULE (value out of range for the type, `endsAt` not after
   *   `startsAt`), 409 PROMOTIONS.CODE_TAKEN (same code in any letter case), 403
   *   SITES.NOT_ALLOWED (a site outside `scope`).
   */
  async create(input: PromotionCreateBody, scope?: readonly string[]): Promise<PromotionDto> {
    const sites = dedupe(input.sites ?? []);
    assertScopeCovers(scope, sites);
    const code = normalizeCode(input.code);
    const value = input.value ?? (input.type === 'free_shipping' ? 0 : undefined);
    if (value === undefined) throw PromotionsErrors.invalidRule([{ field: 'body/value', message: `is required for ${input.type}` }]);
    const startsAt = input.startsAt ? new Date(input.startsAt) : null;
    const endsAt = input.endsAt ? new Date(input.endsAt) : null;
    const errors = ruleErrors({ type: input.type, value, startsAt, endsAt });
    if (errors.length) throw PromotionsErrors.invalidRule(errors);
    return this.write(async (tx) => {
      const [taken] = await tx.select({ id: promotion.id }).from(promotion).where(eq(promotion.code, code)).limit(1);
      if (taken) throw PromotionsErrors.codeTaken(code);
      const [row] = await tx
        .insert(promotion)
        .values({
          id: newId('promo'),
          code,
          type: input.type,
          value,
          currency: input.currency ?? 'GBP',
          minSubtotal: input.minSubtotal ?? null,
          startsAt,
          endsAt,
          usageLimit: input.usageLimit ?? null,
          perCustomerLimit: input.perCustomerLimit ?? null,
          requiresAccount: input.requiresAccount ?? false,
          skus: dedupe(input.skus ?? []),
          categoryIds: dedupe(input.categoryIds ?? []),
          sites,
        })
        .returning();
      await publish(tx, 'promotion.created', { promotion: snapshot(row!) }, row!.id);
      return toDto(row!);
    }, 'create', code);
  }

  /**
   * Promotions, newest first; `status` filters on disabled or not, `q` on a substring of the code
   * (case-insensitive); `sites` (the caller's `query.site` and staff limit, see `staffSites`) on
   * those usable on one of these sites (every-site promotions included).
   */
  async list(query: PromotionListQuery, sites?: string[]): Promise<Page<PromotionDto>> {
    const conditions: SQL[] = [];
    if (sites) conditions.push(sql`(cardinality(${promotion.sites}) = 0 or ${promotion.sites} && ${sql.param(sites)}::text[])`);
    if (query.status === 'active') conditions.push(isNull(promotion.disabledAt));
    if (query.status === 'disabled') conditions.push(isNotNull(promotion.disabledAt));
    const q = query.q?.trim().toUpperCase();
    if (q) conditions.push(sql`strpos(${promotion.code}, ${q}) > 0`);
    const where = conditions.length ? and(...conditions) : undefined;
    const [total] = await this.db.select({ n: count() }).from(promotion).where(where);
    const found = await this.db
      .select()
      .from(promotion)
      .where(where)
      .orderBy(desc(promotion.createdAt), desc(promotion.id))
      .limit(query.limit)
      .offset((query.page - 1) * query.limit);
    return { data: found.map(toDto), pagination: { total: Number(total?.n ?? 0), limit: query.limit, page: query.page } };
  }

  /**
   * One promotion with its usage (`timesUsed`, `remaining`), if staff limited to `scope` (their
   * sites; undefined: no limit) see it (see `scopeSees`). @throws 404 PROMOTIONS.NOT_FOUND.
   */
  async get(id: string, scope?: readonly string[]): Promise<PromotionDto> {
    const [row] = await this.db.select().from(promotion).where(eq(promotion.id, id)).limit(1);
    if (!row || !scopeSees(scope, row.sites)) throw PromotionsErrors.notFound(id);
    return toDto(row);
  }

  /**
   * Changes any setting but the code (`null` clears an optional one). Changing the type to free
   * shipping without a value sets the value to 0. Publishes `promotion.updated`.
   * Staff limited to `scope` change only promotions of their sites, to their sites (see {@link lockManaged}).
   * @throws 404 PROMOTIONS.NOT_FOUND, 400 PROMOTIONS.INVALID_RULE, 409 PROMOTIONS.USAGE_LIMIT_BELOW_USED,
   *   403 SITES.NOT_ALLOWED.
   */
  async update(id: string, input: PromotionUpdateBody, scope?: readonly string[]): Promise<PromotionDto> {
    return this.write(async (tx) => {
      const current = await this.lockManaged(tx, id, scope);
      if (input.sites !== undefined) assertScopeCovers(scope, input.sites);
      const type = input.type ?? current.type;
      const value = input.value ?? (input.type === 'free_shipping' ? 0 : current.value);
      const startsAt = input.startsAt === undefined ? current.startsAt : input.startsAt === null ? null : new Date(input.startsAt);
      const endsAt = input.endsAt === undefined ? current.endsAt : input.endsAt === null ? null : new Date(input.endsAt);
      const errors = ruleErrors({ type, value, startsAt, endsAt });
      if (errors.length) throw PromotionsErrors.invalidRule(errors);
      const usageLimit = input.usageLimit === undefined ? current.usageLimit : input.usageLimit;
      if (usageLimit !== null && usageLimit < current.timesUsed) throw PromotionsErrors.usageLimitBelowUsed(current.timesUsed, usageLimit);
      const [row] = await tx
        .update(promotion)
        .set({
          type,
          value,
          startsAt,
          endsAt,
          usageLimit,
          ...(input.currency !== undefined ? { currency: input.currency } : {}),
          ...(input.minSubtotal !== undefined ? { minSubtotal: input.minSubtotal } : {}),
          ...(input.perCustomerLimit !== undefined ? { perCustomerLimit: input.perCustomerLimit } : {}),
          ...(input.requiresAccount !== undefined ? { requiresAccount: input.requiresAccount } : {}),
          ...(input.skus !== undefined ? { skus: dedupe(input.skus) } : {}),
          ...(input.categoryIds !== undefined ? { categoryIds: dedupe(input.categoryIds) } : {}),
          ...(input.sites !== undefined ? { sites: dedupe(input.sites) } : {}),
          updatedAt: new Date(),
        })
        .where(eq(promotion.id, id))
        .returning();
      await publish(tx, 'promotion.updated', { promotion: snapshot(row!) }, id);
      return toDto(row!);
    }, 'update');
  }

  /**
   * Disables (`disabled` true: the code stops working, evaluation answers NOT_FOUND) or enables a
   * promotion. Idempotent: a promotion already in that state is answered as it is and publishes
   * nothing; otherwise publishes `promotion.updated`. `scope` as for {@link update}.
   * @throws 404 PROMOTIONS.NOT_FOUND, 403 SITES.NOT_ALLOWED.
   */
  async setDisabled(id: string, disabled: boolean, scope?: readonly string[]): Promise<PromotionDto> {
    return this.write(async (tx) => {
      const current = await this.lockManaged(tx, id, scope);
      if ((current.disabledAt !== null) === disabled) return toDto(current);
      const now = new Date();
      const [row] = await tx.update(promotion).set({ disabledAt: disabled ? now : null, updatedAt: now }).where(eq(promotion.id, id)).returning();
      await publish(tx, 'promotion.updated', { promotion: snapshot(row!) }, id);
      return toDto(row!);
    }, 'update');
  }

  /**
   * Promotion `id` locked in `tx`, if staff limited to `scope` manage it: they see it (else 404)
   * and it applies on their sites only (else 403; an every-site promotion needs staff with no limit).
   * @throws 404 PROMOTIONS.NOT_FOUND, 403 SITES.NOT_ALLOWED.
   */
  private async lockManaged(tx: Tx, id: string, scope: readonly string[] | undefined): Promise<typeof promotion.$inferSelect> {
    const [current] = await tx.select().from(promotion).where(eq(promotion.id, id)).for('update');
    if (!current || !scopeSees(scope, current.sites)) throw PromotionsErrors.notFound(id);
    assertScopeCovers(scope, current.sites);
    return current;
  }

  /** The redemptions of a promotion, newest first (`scope` as for {@link get}). @throws 404 PROMOTIONS.NOT_FOUND. */
  async redemptions(id: string, page: number, limit: number, scope?: readonly string[]): Promise<Page<RedemptionDto>> {
    await this.get(id, scope);
    const [total] = await this.db.select({ n: count() }).from(redemption).where(eq(redemption.promotionId, id));
    const found = await this.db
      .select()
      .from(redemption)
      .where(eq(redemption.promotionId, id))
      .orderBy(desc(redemption.createdAt), desc(redemption.id))
      .limit(limit)
      .offset((page - 1) * limit);
    return { data: found.map(toRedemptionDto), pagination: { total: Number(total?.n ?? 0), limit, page } };
  }

  // ---------------------------------------------------------------- contract

  /** See `PromotionsContract.evaluate`. */
  async evaluate(input: PromotionEvaluationInput): Promise<PromotionEvaluation> {
    checkAmounts(input);
    const code = normalizeCode(input.code);
    if (!code || code.length > 64) return { valid: false, reason: 'NOT_FOUND' };
    const [row] = await this.db.select().from(promotion).where(eq(promotion.code, code)).limit(1);
    if (!row) return { valid: false, reason: 'NOT_FOUND' };
    if (row.disabledAt === null && row.sites.length > 0 && !row.sites.includes(input.site ?? 'default')) return { valid: false, reason: 'WRONG_SITE' };
    const keys = customerKeys(input.customer);
    let customerUses: number | null = null;
    if (row.perCustomerLimit !== null) customerUses = await this.customerUses(this.db, row.id, keys);
    return evaluateRule(toRule(row), {
      currency: input.currency, subtotal: input.subtotal, lines: input.lines, now: input.now ?? new Date(), customerUses, signedIn: keys.userId !== null,
    });
  }

  /**
   * Active redemptions of `promotionId` by this customer: those of the account OR of the
   * normalised e-mail (one redemption matching both counts once); null when both keys are unknown.
   */
  private async customerUses(exec: Executor, promotionId: string, keys: CustomerKeys): Promise<number | null> {
    const who: SQL[] = [];
    if (keys.userId !== null) who.push(eq(redemption.userId, keys.userId));
    if (keys.emailKey !== null) who.push(eq(redemption.emailKey, keys.emailKey));
    if (who.length === 0) return null;
    const [row] = await exec
      .select({ n: count() })
      .from(redemption)
      .where(and(eq(redemption.promotionId, promotionId), eq(redemption.status, 'active'), or(...who)));
    return Number(row?.n ?? 0);
  }

  /** See `PromotionsContract.redeem`. */
  async redeem(tx: Tx, input: { promotionId: string; orderId: string; customer: PromotionCustomer | null }): Promise<void> {
    const keys = customerKeys(input.customer);
    const customerKey = keys.userId ?? keys.emailKey;
    try {
      await tx.transaction(async (sp) => {
        const [held] = await sp
          .select({ id: redemption.id })
          .from(redemption)
          .where(and(eq(redemption.promotionId, input.promotionId), eq(redemption.orderId, input.orderId)))
          .limit(1);
        if (held) throw ALREADY_REDEEMED;
        const now = new Date();
        // The guarded increment: concurrent checkouts queue on the row lock and re-check the limit.
        const [row] = await sp
          .update(promotion)
          .set({ timesUsed: sql`${promotion.timesUsed} + 1`, updatedAt: now })
          .where(
            and(
              eq(promotion.id, input.promotionId),
              isNull(promotion.disabledAt),
              sql`(${promotion.usageLimit} is null or ${promotion.timesUsed} < ${promotion.usageLimit})`,
              sql`(${promotion.startsAt} is null or ${promotion.startsAt} <= ${now})`,
              sql`(${promotion.endsAt} is null or ${promotion.endsAt} > ${now})`,
            ),
          )
          .returning();
        if (!row) {
          const [current] = await sp.select().from(promotion).where(eq(promotion.id, input.promotionId)).limit(1);
          if (current && availabilityProblem(toRule(current), now) === 'USAGE_LIMIT_REACHED') throw PromotionsErrors.usageLimitReached(current.code);
          throw PromotionsErrors.notAvailable(current?.code ?? input.promotionId);
        }
        if (row.requiresAccount && keys.userId === null) throw PromotionsErrors.accountRequired(row.code);
        // Holding the row lock, so a concurrent checkout of the same customer sees this one's redemption.
        if (row.perCustomerLimit !== null && ((await this.customerUses(sp, row.id, keys)) ?? 0) >= row.perCustomerLimit) {
          throw PromotionsErrors.alreadyUsed(row.code);
        }
        const inserted = await sp
          .insert(redemption)
          .values({ id: newId('rdm'), promotionId: row.id, orderId: input.orderId, customerKey, userId: keys.userId, emailKey: keys.emailKey })
          .onConflictDoNothing()
          .returning({ id: redemption.id });
        if (inserted.length === 0) throw ALREADY_REDEEMED;
        await publish(
          sp,
          'promotion.redeemed',
          { promotionId: row.id, code: row.code, orderId: input.orderId, customerKey, timesUsed: row.timesUsed },
          row.id,
        );
      });
    } catch (err) {
      if (err === ALREADY_REDEEMED) return;
      const pg = pgErrorCode(err);
      if (pg?.code === '23514' && pg.constraint === 'promotion_times_used_ck') throw PromotionsErrors.usageLimitReached(input.promotionId);
      throw err;
    }
  }

  /** See `PromotionsContract.release`. */
  async release(tx: Tx, orderId: string): Promise<void> {
    const released = await tx
      .update(redemption)
      .set({ status: 'released', releasedAt: new Date() })
      .where(and(eq(redemption.orderId, orderId), eq(redemption.status, 'active')))
      .returning({ promotionId: redemption.promotionId });
    for (const r of released) {
      const [row] = await tx
        .update(promotion)
        .set({ timesUsed: sql`greatest(${promotion.timesUsed} - 1, 0)`, updatedAt: new Date() })
        .where(eq(promotion.id, r.promotionId))
        .returning({ id: promotion.id, code: promotion.code, timesUsed: promotion.timesUsed });
      if (!row) continue;
      await publish(tx, 'promotion.released', { promotionId: row.id, code: row.code, orderId, timesUsed: row.timesUsed }, row.id);
    }
  }
}

/** Refuses amounts that are not non-negative safe integers (a caller's bug, answered as 400, never 500). */
function checkAmounts(input: PromotionEvaluationInput): void {
  const bad: { field: string; message: string }[] = [];
  const amount = (field: string, v: unknown) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) bad.push({ field, message: 'must be a non-negative integer (minor units)' });
  };
  amount('subtotal', input.subtotal);
  amount('shipping', input.shipping);
  if (!Array.isArray(input.lines)) bad.push({ field: 'lines', message: 'must be an array' });
  else input.lines.forEach((l, i) => amount(`lines/${i}/lineTotal`, l.lineTotal));
  if (input.now !== undefined && !(input.now instanceof Date && !Number.isNaN(input.now.getTime()))) bad.push({ field: 'now', message: 'must be a valid Date' });
  if (bad.length) throw badRequest(`Invalid promotion evaluation: ${bad.map((e) => `${e.field} ${e.message}`).join('; ')}`, bad);
}

/** The pure rule of a row, for the domain functions. */
function toRule(row: PromotionRow): PromotionRule {
  return {
    id: row.id, code: row.code, type: row.type, value: row.value, currency: row.currency, minSubtotal: row.minSubtotal,
    startsAt: row.startsAt, endsAt: row.endsAt, usageLimit: row.usageLimit, perCustomerLimit: row.perCustomerLimit,
    requiresAccount: row.requiresAccount, timesUsed: row.timesUsed, skus: row.skus, categoryIds: row.categoryIds, disabledAt: row.disabledAt,
  };
}

/** A row as events carry it (times ISO 8601 UTC). */
function snapshot(row: PromotionRow): PromotionSnapshot {
  return {
    id: row.id, code: row.code, type: row.type, value: row.value, currency: row.currency, minSubtotal: row.minSubtotal,
    startsAt: iso(row.startsAt), endsAt: iso(row.endsAt), usageLimit: row.usageLimit, perCustomerLimit: row.perCustomerLimit,
    requiresAccount: row.requiresAccount, timesUsed: row.timesUsed, skus: row.skus, categoryIds: row.categoryIds, sites: row.sites, disabledAt: iso(row.disabledAt),
    createdAt: iso(row.createdAt)!, updatedAt: iso(row.updatedAt)!,
  };
}

/** A row as the back office sees it, with `disabled` and `remaining` (null when unlimited). */
function toDto(row: PromotionRow): PromotionDto {
  const { disabledAt, ...rest } = snapshot(row);
  return {
    ...rest,
    sites: row.sites,
    disabled: disabledAt !== null,
    disabledAt,
    remaining: row.usageLimit === null ? null : Math.max(0, row.usageLimit - row.timesUsed),
  };
}

/** A redemption row as the back office sees it. */
function toRedemptionDto(row: RedemptionRow): RedemptionDto {
  return {
    id: row.id, orderId: row.orderId, customerKey: row.customerKey, userId: row.userId, emailKey: row.emailKey,
    status: row.status, createdAt: iso(row.createdAt)!, releasedAt: iso(row.releasedAt),
  };
}

/** Maps constraint violations of back-office writes to the module's errors (others pass through). */
function mapDbError(err: unknown, context: 'create' | 'update', code = '(duplicate)'): unknown {
  const pg = pgErrorCode(err);
  if (pg?.code === '23505' && pg.constraint === 'promotion_code_uq') return PromotionsErrors.codeTaken(code);
  if (pg?.code === '23514' && pg.constraint === 'promotion_times_used_ck' && context === 'update') return PromotionsErrors.usageLimitBelowUsed();
  if (pg?.code === '23514' && (pg.constraint === 'promotion_value_ck' || pg.constraint === 'promotion_period_ck')) {
    return PromotionsErrors.invalidRule([{ field: pg.constraint === 'promotion_value_ck' ? 'body/value' : 'body/endsAt', message: 'is out of range' }]);
  }
  return err;
}
