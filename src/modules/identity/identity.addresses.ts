import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { address, users, type AddressRow } from './db/schema.js';
import { checkAddress, type PostalAddressInput } from './domain/addresses.js';
import type { SavedAddressDto } from './identity.contract.js';
import { addressNotFound, invalidAddress, userNotFound } from './identity.errors.js';
import type { AddressCreateBody, AddressPatchBody } from './identity.schemas.js';

/** Most addresses one customer keeps; a further one answers 422 on `body`. */
export const MAX_ADDRESSES = 50;

/**
 * `input` checked and normalised for its country (domain/addresses.ts).
 * @param fieldPrefix prefix of the field names in the errors (`body/`, `body/shippingAddress/`).
 * @throws 422 `IDENTITY.INVALID_ADDRESS` naming each field at fault.
 */
export async function normalizedAddress<T extends PostalAddressInput>(input: T, fieldPrefix: string): Promise<T> {
  const checked = await checkAddress(input, fieldPrefix);
  if (!checked.address) throw invalidAddress(checked.problems);
  return checked.address;
}

/** A saved address as the API shows it (optional fields left out when empty). */
export function toSavedAddressDto(row: AddressRow): SavedAddressDto {
  return {
    id: row.id, label: row.label, firstName: row.firstName, lastName: row.lastName, line1: row.line1,
    ...(row.line2 ? { line2: row.line2 } : {}), city: row.city, ...(row.region ? { region: row.region } : {}),
    postalCode: row.postalCode, country: row.country, ...(row.phone ? { phone: row.phone } : {}),
    defaultShipping: row.defaultShipping, defaultBilling: row.defaultBilling,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

/** The postal fields of a body or row, as the address check takes them. */
function postalFields(a: PostalAddressInput | AddressRow): PostalAddressInput {
  return {
    firstName: a.firstName, lastName: a.lastName, line1: a.line1, line2: a.line2 ?? undefined, city: a.city,
    region: a.region ?? undefined, postalCode: a.postalCode, country: a.country, phone: a.phone ?? undefined,
  };
}

/** Column values of a normalised address (empty optional fields as null). */
function columns(a: PostalAddressInput) {
  return { firstName: a.firstName, lastName: a.lastName, line1: a.line1, line2: a.line2 ?? null, city: a.city, region: a.region ?? null, postalCode: a.postalCode, country: a.country, phone: a.phone ?? null };
}

/**
 * A customer's address book (`identity.address`). Every write locks the user's row first, so
 * concurrent writes of one customer run one after the other and the default flags stay unique
 * (one default shipping and one default billing address per user, also enforced by partial
 * unique indexes). An address of another user is answered as absent (404).
 */
export class AddressBook {
  /** Every address of `userId`: default shipping first, then default billing, then newest. */
  async list(exec: Executor, userId: string): Promise<SavedAddressDto[]> {
    const found = await exec.select().from(address).where(eq(address.userId, userId))
      .orderBy(desc(address.defaultShipping), desc(address.defaultBilling), desc(address.createdAt), desc(address.id));
    return found.map(toSavedAddressDto);
  }

  /** One address of `userId`. @throws 404 `IDENTITY.ADDRESS_NOT_FOUND` (unknown, or another user's). */
  async get(exec: Executor, userId: string, id: string): Promise<SavedAddressDto> {
    const [row] = await exec.select().from(address).where(and(eq(address.id, id), eq(address.userId, userId)));
    if (!row) throw addressNotFound(id);
    return toSavedAddressDto(row);
  }

  /**
   * Saves a new address for `userId`, normalised; the user's first address becomes both defaults
   * unless a flag says `false`, and a flag `true` takes the default from the previous holder.
   * @throws 404 `IDENTITY.USER_NOT_FOUND`, 422 `IDENTITY.INVALID_ADDRESS` (fields under `body/`),
   *   422 `IDENTITY.INVALID_ADDRESS` on `body` past {@link MAX_ADDRESSES}.
   */
  async create(exec: Executor, userId: string, body: AddressCreateBody): Promise<SavedAddressDto> {
    const checked = await normalizedAddress(postalFields(body), 'body/');
    return exec.transaction(async (tx) => {
      await this.lockUser(tx, userId);
      const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(address).where(eq(address.userId, userId));
      if (n >= MAX_ADDRESSES) throw invalidAddress([{ field: 'body', message: `at most ${MAX_ADDRESSES} addresses can be saved; delete one first` }]);
      const defaultShipping = body.defaultShipping ?? n === 0;
      const defaultBilling = body.defaultBilling ?? n === 0;
      await this.takeDefaults(tx, userId, null, defaultShipping, defaultBilling);
      const [row] = await tx.insert(address).values({ id: newId('adr'), userId, label: body.label?.trim() || null, ...columns(checked), defaultShipping, defaultBilling }).returning();
      return toSavedAddressDto(row!);
    });
  }

  /**
   * Changes an address of `userId`: absent fields are kept, the merged address is checked again;
   * `defaultShipping`/`defaultBilling: true` take the default from the previous holder, `false`
   * leaves the user without one.
   * @throws 404 `IDENTITY.ADDRESS_NOT_FOUND`, 422 `IDENTITY.INVALID_ADDRESS`.
   */
  async update(exec: Executor, userId: string, id: string, patch: AddressPatchBody): Promise<SavedAddressDto> {
    return exec.transaction(async (tx) => {
      await this.lockUser(tx, userId);
      const [row] = await tx.select().from(address).where(and(eq(address.id, id), eq(address.userId, userId)));
      if (!row) throw addressNotFound(id);
      const merged = { ...postalFields(row), ...Object.fromEntries(Object.entries(postalFields(patch as PostalAddressInput)).filter(([k]) => k in patch)) } as PostalAddressInput;
      const checked = await normalizedAddress(merged, 'body/');
      const defaultShipping = patch.defaultShipping ?? row.defaultShipping;
      const defaultBilling = patch.defaultBilling ?? row.defaultBilling;
      await this.takeDefaults(tx, userId, id, defaultShipping, defaultBilling);
      const label = patch.label === undefined ? row.label : patch.label?.trim() || null;
      const [updated] = await tx.update(address).set({ label, ...columns(checked), defaultShipping, defaultBilling, updatedAt: new Date() }).where(eq(address.id, id)).returning();
      return toSavedAddressDto(updated!);
    });
  }

  /** Deletes an address of `userId` (a default leaves the user without that default). @throws 404 `IDENTITY.ADDRESS_NOT_FOUND`. */
  async remove(exec: Executor, userId: string, id: string): Promise<void> {
    const deleted = await exec.delete(address).where(and(eq(address.id, id), eq(address.userId, userId))).returning({ id: address.id });
    if (deleted.length === 0) throw addressNotFound(id);
  }

  /**
   * The checkout's "save this address", in the checkout's transaction `tx`: saves the already
   * normalised `postal` for `userId` unless the book holds the same address (same fields), and
   * returns the saved (or existing) address. The first address becomes both defaults.
   */
  async saveFromCheckout(tx: Tx, userId: string, postal: PostalAddressInput): Promise<SavedAddressDto> {
    await this.lockUser(tx, userId);
    const values = columns(postal);
    const same = await tx.select().from(address).where(eq(address.userId, userId)).orderBy(asc(address.createdAt));
    const existing = same.find((r) => Object.entries(values).every(([k, v]) => r[k as keyof typeof values] === v));
    if (existing) return toSavedAddressDto(existing);
    if (same.length >= MAX_ADDRESSES) throw invalidAddress([{ field: 'body/saveAddress', message: `at most ${MAX_ADDRESSES} addresses can be saved; delete one first` }]);
    const first = same.length === 0;
    const [row] = await tx.insert(address).values({ id: newId('adr'), userId, label: null, ...values, defaultShipping: first, defaultBilling: first }).returning();
    return toSavedAddressDto(row!);
  }

  /** Locks `userId`'s row for the rest of `tx`. @throws 404 `IDENTITY.USER_NOT_FOUND` (e.g. erased meanwhile). */
  private async lockUser(tx: Tx, userId: string): Promise<void> {
    const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
    if (!row) throw userNotFound(userId);
  }

  /** Clears the defaults `except` is about to take (its flags true) from the user's other addresses. */
  private async takeDefaults(tx: Tx, userId: string, except: string | null, shipping: boolean, billing: boolean): Promise<void> {
    const others = except ? and(eq(address.userId, userId), ne(address.id, except)) : eq(address.userId, userId);
    if (shipping) await tx.update(address).set({ defaultShipping: false }).where(and(others, eq(address.defaultShipping, true)));
    if (billing) await tx.update(address).set({ defaultBilling: false }).where(and(others, eq(address.defaultBilling, true)));
  }
}
