import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, metricsAuth, type TestApp } from '../../../test/support/app.js';
import { rows } from '../../platform/db/index.js';
import { signPayload as signWebhookPayload } from '../../platform/http/signature.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const INBOUND_SECRET = 'inbound-secret-for-tests-0123456789';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A multipart body (and its content type) from text fields and files. */
async function form(fields: Record<string, string>, files: { name: string; data: Buffer; type?: string }[] = []) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  for (const f of files) data.append('files', new Blob([new Uint8Array(f.data)], { type: f.type ?? 'application/octet-stream' }), f.name);
  const res = new Response(data);
  return { payload: Buffer.from(await res.arrayBuffer()), headers: { 'content-type': res.headers.get('content-type')! } };
}

describe('support tickets', () => {
  let app: TestApp;
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };
  let agent: { id: string; token: string };
  let aliceOrder: string;

  const signIn = async (email: string, roles: ('customer' | 'support')[]) => {
    const user = await app.createUser({ email, password: 'correct horse battery', firstName: 'Test', roles });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'correct horse battery' } });
    return { id: user.id, token: login.json().accessToken as string };
  };
  const open = async (fields: Record<string, string>, files: { name: string; data: Buffer; type?: string }[] = [], token?: string) => {
    const body = await form(fields, files);
    return app.inject({ method: 'POST', url: '/api/support/tickets', payload: body.payload, headers: { ...body.headers, ...(token ? bearer(token) : {}) } });
  };
  const storedFiles = () => {
    const dir = join(app.config.dataDir, 'files', 'support');
    return existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => String(f).includes('.')).length : 0;
  };
  const ticketCount = async () => Number((await rows<{ n: string }>(app.database.db, sql`select count(*) as n from support.ticket`))[0]!.n);

  beforeAll(async () => {
    app = await createTestApp({ supportInboundSecret: INBOUND_SECRET, attachmentLimitBytes: 64 * 1024, contactRateLimitPerMinute: 4 });
    alice = await signIn('alice@example.test', ['customer']);
    bob = await signIn('bob@example.test', ['customer']);
    agent = await signIn('agent@example.test', ['support']);
    await app.database.transaction((tx) => app.orders.importHistory(tx, 'support-test', {
      orders: [{ externalRef: 'A-1', customerId: alice.id, country: 'GB', placedAt: '2026-11-01T10:00:00Z', currency: 'GBP', lines: [{ sku: 'S1', title: 'Mug', quantity: 1, unitPrice: 500 }], fees: [] }],
      returns: [],
    }));
    aliceOrder = (await app.orders.historyPage('support-test', 'orders', null, 10))[0]!.id;
  });
  afterAll(() => app?.close());

  it('a signed-in customer opens a ticket on their order with a photo; an agent sees it in the queue', async () => {
    const res = await open({ subject: 'Broken mug', message: 'The handle arrived snapped off', category: 'order_problem', orderId: aliceOrder }, [{ name: 'photo.png', data: PNG, type: 'image/png' }], alice.token);
    expect(res.statusCode, res.body).toBe(201);
    const { ticket, guestToken } = res.json();
    expect(guestToken).toBeNull();
    expect(ticket).toMatchObject({ subject: 'Broken mug', state: 'new', orderId: aliceOrder, messages: [{ authorType: 'customer', body: 'The handle arrived snapped off', attachments: [{ filename: 'photo.png', contentType: 'image/png', size: PNG.length, scanState: 'not_scanned' }] }] });

    const mine = await app.inject({ url: '/api/support/tickets', headers: bearer(alice.token) });
    expect(mine.json().data.map((t: { id: string }) => t.id)).toContain(ticket.id);
    expect((await app.inject({ url: `/api/support/tickets/${ticket.id}`, headers: bearer(bob.token) })).statusCode).toBe(404);

    const file = ticket.messages[0].attachments[0];
    const download = await app.inject({ url: `/api/support/tickets/${ticket.id}/attachments/${file.id}`, headers: bearer(alice.token) });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload).toEqual(PNG);
    expect(download.headers['content-disposition']).toBe('attachment; filename=photo.png');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await app.inject({ url: `/api/support/tickets/${ticket.id}/attachments/${file.id}?inline=true`, headers: bearer(alice.token) })).headers['content-disposition']).toMatch(/^inline/);
    expect((await app.inject({ url: `/api/support/tickets/${ticket.id}/attachments/${file.id}`, headers: bearer(bob.token) })).statusCode).toBe(404);

    const queue = await app.inject({ url: '/api/admin/support/tickets?state=new', headers: bearer(agent.token) });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().data.find((t: { id: string }) => t.id === ticket.id)).toMatchObject({ priority: 'normal', sla: { target: 'first_response', overdue: false } });
    expect((await app.inject({ url: '/api/admin/support/tickets', headers: bearer(alice.token) })).statusCode).toBe(403);

    const [event] = await rows<{ payload: { ticket: { id: string }; mail: { messageId: string; replyTo: string } } }>(app.database.db, sql`select payload from events.outbox where type = 'ticket.created' and aggregate_id = ${ticket.id}`);
    expect(event!.payload.mail.replyTo).toMatch(new RegExp(`^shop\\+${ticket.id.toLowerCase()}\\.[0-9a-f]{32}@localhost$`));
  });

  it("refuses another customer's order with 404 and stores nothing", async () => {
    const before = await ticketCount();
    const res = await open({ subject: 'Where is it?', message: 'Late', category: 'order_problem', orderId: aliceOrder }, [], bob.token);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('SUPPORT.ORDER_NOT_FOUND');
    expect((await open({ subject: 'x', message: 'y', category: 'other', orderId: 'ord_nope' }, [], bob.token)).statusCode).toBe(404);
    expect(await ticketCount()).toBe(before);
  });

  it('refuses oversize (413) and disallowed files (415) with nothing stored; bad fields 400', async () => {
    const before = { tickets: await ticketCount(), files: storedFiles() };
    const big = await open({ subject: 'Big', message: 'x', category: 'other' }, [{ name: 'big.png', data: Buffer.concat([PNG, Buffer.alloc(70 * 1024)]), type: 'image/png' }], alice.token);
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
    for (const [name, data, type] of [['x.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/png'], ['x.html', '<html><script>alert(1)</script>', 'text/plain'], ['x.zip', 'PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000', 'application/zip']] as const) {
      const res = await open({ subject: 'Evil', message: 'x', category: 'other' }, [{ name: 'fine.png', data: PNG, type: 'image/png' }, { name, data: Buffer.from(data), type }], alice.token);
      expect(res.statusCode, name).toBe(415);
      expect(res.json().code).toBe('STORAGE.UNSUPPORTED_TYPE');
    }
    expect((await open({ subject: '', message: 'x', category: 'other' }, [], alice.token)).statusCode).toBe(400);
    expect((await open({ subject: 'a', message: 'x', category: 'complaint' }, [], alice.token)).statusCode).toBe(400);
    expect((await open({ subject: 'a', message: 'x', category: 'other' })).json().code).toBe('SUPPORT.EMAIL_REQUIRED');
    const json = await app.inject({ method: 'POST', url: '/api/support/tickets', payload: { subject: 'a' }, headers: bearer(alice.token) });
    expect(json.statusCode).toBe(415);
    expect({ tickets: await ticketCount(), files: storedFiles() }).toEqual(before);
  });

  it('a guest reads their ticket with the link token only, and not once it has expired', async () => {
    const res = await open({ subject: 'Question about sizes', message: 'Is the mug 300 ml?', category: 'product_question', email: 'Guest@Example.test', name: 'Gail' });
    expect(res.statusCode, res.body).toBe(201);
    const { ticket, guestToken } = res.json();
    expect(guestToken).toMatch(/^\d+\.[\w-]{43}$/);
    expect((await app.inject({ url: `/api/support/tickets/${ticket.id}` })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/support/tickets/${ticket.id}`, headers: { 'x-ticket-token': guestToken } })).json()).toMatchObject({ id: ticket.id, state: 'new' });
    const [expires, sig] = guestToken.split('.');
    expect((await app.inject({ url: `/api/support/tickets/${ticket.id}`, headers: { 'x-ticket-token': `${Number(expires) + 1}.${sig}` } })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/support/tickets/${ticket.id}`, headers: { 'x-ticket-token': `${Math.floor(Date.now() / 1000) - 10}.${sig}` } })).statusCode).toBe(404);
    const [event] = await rows<{ link: string }>(app.database.db, sql`select payload->>'guestLink' as link from events.outbox where type = 'ticket.created' and aggregate_id = ${ticket.id}`);
    expect(event!.link).toContain(`/support/tickets/${ticket.id}?token=`);
  });

  it('agents answer with an internal note and a reply: the customer sees the reply, never the note', async () => {
    const { ticket } = (await open({ subject: 'Lid missing', message: 'No lid in the box', category: 'order_problem' }, [], alice.token)).json();
    const note = await app.inject({ method: 'POST', url: `/api/admin/support/tickets/${ticket.id}/messages`, headers: bearer(agent.token), payload: { body: 'Customer is a VIP, check stock', visibility: 'internal' } });
    expect(note.statusCode).toBe(201);
    expect(note.json()).toMatchObject({ state: 'new', firstResponseAt: null });
    const answer = await app.inject({ method: 'POST', url: `/api/admin/support/tickets/${ticket.id}/messages`, headers: bearer(agent.token), payload: { body: 'We are sending a lid today.', visibility: 'public', state: 'pending' } });
    expect(answer.statusCode).toBe(201);
    expect(answer.json()).toMatchObject({ state: 'pending', sla: { target: 'resolution' } });
    expect(answer.json().firstResponseAt).not.toBeNull();
    expect(answer.json().messages.map((m: { visibility: string }) => m.visibility)).toEqual(['public', 'internal', 'public']);

    const seen = (await app.inject({ url: `/api/support/tickets/${ticket.id}`, headers: bearer(alice.token) })).json();
    expect(seen.messages.map((m: { body: string }) => m.body)).toEqual(['No lid in the box', 'We are sending a lid today.']);
    expect(JSON.stringify(seen)).not.toContain('VIP');

    const [replied] = await rows<{ payload: { body: string; mail: { inReplyTo: string; references: string[] } } }>(app.database.db, sql`select payload from events.outbox where type = 'ticket.replied' and aggregate_id = ${ticket.id}`);
    expect(replied!.payload.body).toBe('We are sending a lid today.');
    expect(replied!.payload.mail.references).toHaveLength(1);
    expect(replied!.payload.mail.inReplyTo).toBe(replied!.payload.mail.references[0]);

    // Mail: the confirmation and the reply (with its text, not the note), threaded under it.
    await app.relay.drain();
    const mails = await rows<{ template: string; text: string; subject: string; headers: Record<string, string> }>(app.database.db, sql`select template, text, subject, headers from notifications.mail_message where "to" = 'alice@example.test' and subject like ${`%${ticket.id}%`} order by id`);
    expect(mails.map((m) => m.template)).toEqual(['support_ticket_opened', 'support_reply']);
    expect(mails[1]!.text).toContain('We are sending a lid today.');
    expect(mails[1]!.text).not.toContain('VIP');
    expect(mails[1]!.headers['In-Reply-To']).toBe(mails[0]!.headers['Message-ID']);
    expect(mails[1]!.headers.References).toBe(mails[0]!.headers['Message-ID']);
    expect(mails[1]!.headers['Reply-To']).toMatch(/^shop\+tkt_/);

    // The customer's reply reopens the pending ticket.
    const back = await app.inject({ method: 'POST', url: `/api/support/tickets/${ticket.id}/replies`, headers: bearer(alice.token), payload: { body: 'Thanks!' } });
    expect(back.statusCode).toBe(201);
    expect(back.json().state).toBe('open');
    const admin = (await app.inject({ url: `/api/admin/support/tickets/${ticket.id}`, headers: bearer(agent.token) })).json();
    expect(admin.history.map((h: { field: string; to: string }) => `${h.field}:${h.to}`)).toEqual(['state:new', 'state:pending', 'state:open']);
    expect(admin.previousTickets.length).toBeGreaterThan(0);
  });

  it('changes state, priority, assignee and tags with history; refuses illegal moves and non-agents', async () => {
    const { ticket } = (await open({ subject: 'Refund?', message: 'I want my money back', category: 'return_request' }, [], bob.token)).json();
    const res = await app.inject({ method: 'PATCH', url: `/api/admin/support/tickets/${ticket.id}`, headers: bearer(agent.token), payload: { priority: 'urgent', assigneeId: agent.id, tags: ['Refund', ' refund ', 'VIP'], team: 'returns' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ priority: 'urgent', assigneeId: agent.id, assigneeName: 'Test', tags: ['refund', 'vip'], team: 'returns' });
    expect(res.json().sla.minutesLeft).toBeLessThanOrEqual(60);
    expect((await app.inject({ method: 'PATCH', url: `/api/admin/support/tickets/${ticket.id}`, headers: bearer(agent.token), payload: { assigneeId: bob.id } })).json().code).toBe('SUPPORT.BAD_ASSIGNEE');
    expect((await app.inject({ method: 'PATCH', url: `/api/admin/support/tickets/${ticket.id}`, headers: bearer(agent.token), payload: { state: 'closed' } })).statusCode).toBe(200);
    const illegal = await app.inject({ method: 'PATCH', url: `/api/admin/support/tickets/${ticket.id}`, headers: bearer(agent.token), payload: { state: 'open' } });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().code).toBe('SUPPORT.ILLEGAL_TRANSITION');
    expect((await app.inject({ method: 'POST', url: `/api/support/tickets/${ticket.id}/replies`, headers: bearer(bob.token), payload: { body: 'hello?' } })).json().code).toBe('SUPPORT.TICKET_CLOSED');
    // The assignee control's choices: staff with the support or admin role, never customers.
    const agents = await app.inject({ url: '/api/admin/support/agents', headers: bearer(agent.token) });
    expect(agents.statusCode).toBe(200);
    expect(agents.json().data).toContainEqual({ id: agent.id, name: 'Test' });
    expect(agents.json().data.map((a: { id: string }) => a.id)).not.toContain(bob.id);
    expect((await app.inject({ url: '/api/admin/support/agents', headers: bearer(bob.token) })).statusCode).toBe(403);
    const mine = (await app.inject({ url: `/api/admin/support/tickets?assignee=me&state=closed`, headers: bearer(agent.token) })).json();
    expect(mine.data.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
    // The team filter of the queue (the back office's Team field).
    const ofTeam = async (team: string) => (await app.inject({ url: `/api/admin/support/tickets?team=${team}&state=closed`, headers: bearer(agent.token) })).json().data.map((t: { id: string }) => t.id);
    expect(await ofTeam('returns')).toContain(ticket.id);
    expect(await ofTeam('billing')).not.toContain(ticket.id);
    const [updated] = await rows<{ n: string }>(app.database.db, sql`select count(*) as n from events.outbox where type = 'ticket.updated' and aggregate_id = ${ticket.id}`);
    expect(Number(updated!.n)).toBe(2);
  });

  it('searches subjects and messages, filters overdue, bulk-assigns and bulk-closes', async () => {
    const a = (await open({ subject: 'Teapot cracked', message: 'hairline crack near the spout', category: 'order_problem' }, [], bob.token)).json().ticket;
    const b = (await open({ subject: 'Delivery', message: 'the courier left the teapot outside', category: 'order_problem' }, [], bob.token)).json().ticket;
    const search = async (q: string) => (await app.inject({ url: `/api/admin/support/tickets?q=${encodeURIComponent(q)}`, headers: bearer(agent.token) })).json().data.map((t: { id: string }) => t.id).sort();
    expect(await search('teapot')).toEqual([a.id, b.id].sort());
    expect(await search('spout')).toEqual([a.id]);
    expect(await search(a.id)).toEqual([a.id]);
    await app.database.db.execute(sql`update support.ticket set first_response_due_at = now() - interval '1 hour' where id = ${a.id}`);
    const overdue = (await app.inject({ url: '/api/admin/support/tickets?overdue=true', headers: bearer(agent.token) })).json().data;
    expect(overdue.map((t: { id: string }) => t.id)).toEqual([a.id]);
    expect(overdue[0].sla).toMatchObject({ overdue: true, target: 'first_response' });
    const bulk = await app.inject({ method: 'POST', url: '/api/admin/support/tickets/bulk', headers: bearer(agent.token), payload: { ids: [a.id, b.id, 'tkt_unknown'], assigneeId: agent.id, state: 'closed' } });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json().updated.sort()).toEqual([a.id, b.id].sort());
    expect(await search('teapot')).toEqual([]);
    await app.jobs.run('support.metrics');
    const metrics = (await app.inject({ url: '/metrics', headers: metricsAuth })).body;
    expect(metrics).toMatch(/support_backlog_tickets\{state="new"\} \d+/);
    expect(metrics).toMatch(/support_first_response_seconds\{quantile="0.5"\} [\d.e+-]+/);
    expect(metrics).toMatch(/support_overdue_tickets \d+/);
  });

  it('appends a signed inbound mail to the ticket its reply token names (401 on a bad signature)', async () => {
    const { ticket } = (await open({ subject: 'Colour', message: 'Is it blue?', category: 'product_question' }, [], alice.token)).json();
    await app.inject({ method: 'POST', url: `/api/admin/support/tickets/${ticket.id}/messages`, headers: bearer(agent.token), payload: { body: 'Yes, navy blue.', visibility: 'public', state: 'solved' } });
    const [event] = await rows<{ payload: { mail: { messageId: string; replyTo: string } } }>(app.database.db, sql`select payload from events.outbox where type = 'ticket.replied' and aggregate_id = ${ticket.id}`);
    const mail = { id: 'gw-1', from: 'alice@example.test', to: [event!.payload.mail.replyTo], text: 'Great, thanks!\n\nOn Tue, Shop wrote:\n> Yes, navy blue.', subject: 'Re: something else entirely' };
    const send = (body: object, signature?: string) => {
      const raw = JSON.stringify(body);
      return app.inject({ method: 'POST', url: '/api/support/inbound', payload: raw, headers: { 'content-type': 'application/json', 'comptoir-signature': signature ?? signWebhookPayload(INBOUND_SECRET, raw, Math.floor(Date.now() / 1000)) } });
    };
    const { subject: _s, ...inbound } = mail;
    const forged = await send(inbound, signWebhookPayload('wrong secret', JSON.stringify(inbound), Math.floor(Date.now() / 1000)));
    expect(forged.statusCode).toBe(401);
    expect(forged.json().code).toBe('SUPPORT.BAD_SIGNATURE');
    expect((await send(inbound, 'nonsense')).statusCode).toBe(401);
    const ok = await send(inbound);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ticketId: ticket.id, duplicate: false });
    expect((await send(inbound)).json().duplicate).toBe(true);
    const seen = (await app.inject({ url: `/api/support/tickets/${ticket.id}`, headers: bearer(alice.token) })).json();
    expect(seen.state).toBe('open');
    expect(seen.messages.at(-1)).toMatchObject({ body: 'Great, thanks!', via: 'mail', authorType: 'customer' });
    // Matched through the threading headers too; a token that is not the ticket's matches nothing.
    const byHeader = await send({ id: 'gw-2', from: 'x@y.z', to: ['shop@localhost'], text: 'More', references: [event!.payload.mail.messageId] });
    expect(byHeader.json()).toEqual({ ticketId: ticket.id, duplicate: false });
    const wrongToken = event!.payload.mail.replyTo.replace(/\.[0-9a-f]{32}@/, `.${'0'.repeat(32)}@`);
    expect((await send({ id: 'gw-3', from: 'x@y.z', to: [wrongToken], text: 'Hi' })).json().code).toBe('SUPPORT.UNKNOWN_REPLY_TOKEN');
  });

  it('closes tickets solved more than SUPPORT_AUTO_CLOSE_DAYS ago', async () => {
    const { ticket } = (await open({ subject: 'Old', message: 'old one', category: 'other' }, [], bob.token)).json();
    await app.inject({ method: 'PATCH', url: `/api/admin/support/tickets/${ticket.id}`, headers: bearer(agent.token), payload: { state: 'solved' } });
    await app.runJob('support.auto-close');
    expect((await app.inject({ url: `/api/support/tickets/${ticket.id}`, headers: bearer(bob.token) })).json().state).toBe('solved');
    await app.database.db.execute(sql`update support.ticket set solved_at = now() - interval '5 days' where id = ${ticket.id}`);
    await app.runJob('support.auto-close');
    expect((await app.inject({ url: `/api/support/tickets/${ticket.id}`, headers: bearer(bob.token) })).json().state).toBe('closed');
  });

  it('keeps canned replies in English and French', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/admin/support/canned-replies', headers: bearer(agent.token), payload: { title: 'Refund sent', bodyEn: 'Your refund is on its way.', bodyFr: 'Votre remboursement est en route.' } });
    expect(created.statusCode).toBe(201);
    const list = (await app.inject({ url: '/api/admin/support/canned-replies', headers: bearer(agent.token) })).json().data;
    expect(list).toEqual([created.json()]);
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/support/canned-replies/${created.json().id}`, headers: bearer(agent.token) })).statusCode).toBe(204);
  });

  describe('contact form', () => {
    const contact = (body: Record<string, unknown>, ip = '203.0.113.9') =>
      app.inject({ method: 'POST', url: '/api/contact', payload: { name: 'Zoé', email: 'zoe@example.test', topic: 'return', message: 'Can I return the teapot?', startedAt: Date.now() - 10_000, ...body }, remoteAddress: ip });
    const stored = async () => rows<{ id: string; team: string; ip: string }>(app.database.db, sql`select id, team, ip from support.contact_message order by id`);

    it('stores a message routed by topic, acknowledges it by mail, answers and converts it', async () => {
      const res = await contact({ orderNumber: 'CPT-1001' }, '203.0.113.1');
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ received: true });
      const [first] = await stored();
      expect(first).toMatchObject({ team: 'returns', ip: '203.0.113.1' });
      await app.relay.drain();
      const [ack] = await rows<{ template: string; text: string }>(app.database.db, sql`select template, text from notifications.mail_message where "to" = 'zoe@example.test' order by id`);
      expect(ack).toMatchObject({ template: 'support_contact_received' });
      expect(ack!.text).not.toContain('teapot');

      const list = (await app.inject({ url: '/api/admin/support/contact-messages?team=returns&state=new', headers: bearer(agent.token) })).json();
      expect(list.data.map((m: { id: string }) => m.id)).toEqual([first!.id]);
      expect((await app.inject({ url: '/api/admin/support/contact-messages', headers: bearer(alice.token) })).statusCode).toBe(403);
      const converted = await app.inject({ method: 'POST', url: `/api/admin/support/contact-messages/${first!.id}/ticket`, headers: bearer(agent.token) });
      expect(converted.statusCode).toBe(200);
      expect(converted.json()).toMatchObject({ state: 'converted', ticketId: expect.stringMatching(/^tkt_/) });
      const ticket = (await app.inject({ url: `/api/admin/support/tickets/${converted.json().ticketId}`, headers: bearer(agent.token) })).json();
      expect(ticket).toMatchObject({ category: 'return_request', email: 'zoe@example.test', name: 'Zoé', customerId: null });
      expect(ticket.messages[0].body).toContain('(Order CPT-1001)');
      expect((await app.inject({ method: 'POST', url: `/api/admin/support/contact-messages/${first!.id}/reply`, headers: bearer(agent.token), payload: { body: 'Yes' } })).json().code).toBe('SUPPORT.CONTACT_HANDLED');

      await contact({}, '203.0.113.2');
      const second = (await stored()).at(-1)!;
      const answered = await app.inject({ method: 'POST', url: `/api/admin/support/contact-messages/${second.id}/reply`, headers: bearer(agent.token), payload: { body: 'Yes, within 30 days.' } });
      expect(answered.json()).toMatchObject({ state: 'answered', reply: 'Yes, within 30 days.' });
      await app.relay.drain();
      const [reply] = await rows<{ text: string }>(app.database.db, sql`select text from notifications.mail_message where template = 'support_contact_reply'`);
      expect(reply!.text).toContain('Yes, within 30 days.');
    });

    it('drops bots silently (honeypot, too fast), refuses bad input and limits each IP', async () => {
      const before = (await stored()).length;
      for (const body of [{ website: 'http://spam.example' }, { startedAt: Date.now() - 500 }]) {
        const res = await contact(body, '203.0.113.3');
        expect(res.statusCode).toBe(202);
        expect(res.json()).toEqual({ received: true });
      }
      expect((await stored()).length).toBe(before);
      expect((await contact({ email: 'not an address' }, '203.0.113.4')).statusCode).toBe(400);
      expect((await contact({ topic: 'spam' }, '203.0.113.4')).statusCode).toBe(400);
      const codes = [];
      for (let i = 0; i < 5; i += 1) codes.push((await contact({}, '203.0.113.5')).statusCode);
      expect(codes).toEqual([202, 202, 202, 202, 429]);
    });
  });
});
