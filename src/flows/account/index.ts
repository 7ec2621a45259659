/**
 * The customer's own data across modules (GDPR art. 15, 17 and 20): `GET /api/users/me/export`
 * gathers it from the identity and orders contracts, `DELETE /api/users/me` erases the person
 * while the orders stay for the books. Registered by the composition root (src/app.ts).
 */
import { Type } from '@sinclair/typebox';
import type { Database } from '../../platform/db/index.js';
import { unauthorized } from '../../platform/errors.js';
import type { HttpServer } from '../../platform/http/server.js';
import { clearRefreshCookie } from '../../platform/http/session.js';
import { SavedAddressSchema, UserSchema, type IdentityContract, type IdentityExport } from '../../modules/identity/index.js';
import type { OrderDto, OrdersContract } from '../../modules/orders/index.js';

/** Contracts the account routes call. */
export interface AccountDeps {
  database: Database;
  identity: IdentityContract;
  orders: OrdersContract;
}

/** A customer's data export: what identity holds (account, addresses, preferences) and their orders. `exportedAt` ISO 8601 UTC. */
export type AccountExport = IdentityExport & { exportedAt: string; orders: OrderDto[] };

const Problem = { $ref: 'Problem#' };

/** The export's schema (also its OpenAPI document). */
const AccountExportSchema = Type.Object({
  exportedAt: Type.String({ format: 'date-time' }),
  account: Type.Composite([UserSchema, Type.Object({ emailVerifiedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]), tags: Type.Array(Type.String()) })]),
  addresses: Type.Array(SavedAddressSchema),
  orders: Type.Array(Type.Unsafe<OrderDto>({ $ref: 'Order#' }), { description: 'Every order of the account, newest first' }),
  preferences: Type.Object({ locale: Type.Union([Type.Literal('en'), Type.Literal('fr')], { description: 'Language of mails and notifications' }) }),
});

/** `DELETE /api/users/me` body. */
const EraseBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 256, description: 'The account password: erasing cannot be undone' }) },
  { additionalProperties: false },
);

/** Everything the shop holds about `userId`, read from each module's contract. @throws 404 `IDENTITY.USER_NOT_FOUND`. */
export async function exportAccount(deps: AccountDeps, userId: string): Promise<AccountExport> {
  const identity = await deps.identity.exportData(userId);
  return { exportedAt: new Date().toISOString(), ...identity, orders: await deps.orders.listForCustomer(userId) };
}

/**
 * Erases `userId` after checking `password` (outside any transaction: argon2 is slow), then in
 * one transaction anonymises their orders (and guest orders with their e-mail) and erases the
 * account (identity publishes `user.erased`). All or nothing.
 * @throws 401 `AUTH.INVALID_CREDENTIALS`, 429 `AUTH.TOO_MANY_FAILED_LOGINS`, 404 `IDENTITY.USER_NOT_FOUND`, 409 `IDENTITY.STAFF_ACCOUNT`.
 */
export async function eraseAccount(deps: AccountDeps, userId: string, password: string): Promise<void> {
  await deps.identity.confirmPassword(userId, password);
  const user = await deps.identity.getUser(userId);
  await deps.database.transaction(async (tx) => {
    await deps.orders.anonymiseCustomer(tx, userId, user?.email ?? null);
    await deps.identity.erase(tx, userId);
  });
}

/** Registers `GET /api/users/me/export` and `DELETE /api/users/me`. */
export function accountRoutes(server: HttpServer, deps: AccountDeps): void {
  const tags = ['identity'];
  server.get('/api/users/me/export', {
    config: { auth: 'required' },
    schema: {
      summary: 'Download my data: account, addresses, orders and preferences as JSON',
      description: 'The answer is an attachment (`comptoir-data-<date>.json`). Orders are every order of the account, as `GET /api/orders/{id}` shows them.',
      tags,
      response: { 200: AccountExportSchema, 401: Problem, 404: Problem },
    },
  }, async (request, reply) => {
    if (!request.user) throw unauthorized();
    const data = await exportAccount(deps, request.user.id);
    return reply.header('content-disposition', `attachment; filename="comptoir-data-${data.exportedAt.slice(0, 10)}.json"`).send(data);
  });

  server.delete('/api/users/me', {
    config: { auth: 'required' },
    schema: {
      summary: 'Delete my account (erasure): the person is erased, orders are kept anonymised',
      description:
        'Needs the account password (401 `AUTH.INVALID_CREDENTIALS`; failures count in the login throttle, 429). The account, its addresses, notes and sessions are erased (every refresh token stops working; the e-mail can sign up again); orders keep lines, money and history but lose the e-mail, the customer link and the personal fields of their addresses (the country stays). Staff accounts answer 409 `IDENTITY.STAFF_ACCOUNT`. Cannot be undone.',
      tags,
      body: EraseBody,
      response: { 204: Type.Null({ description: 'Erased; the refresh-token cookie is cleared' }), 400: Problem, 401: Problem, 404: Problem, 409: Problem, 429: Problem },
    },
  }, async (request, reply) => {
    if (!request.user) throw unauthorized();
    await eraseAccount(deps, request.user.id, request.body.password);
    clearRefreshCookie(reply);
    return reply.status(204).send(null);
  });
}
