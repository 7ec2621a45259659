import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { rows, textArray, type Database } from '../../platform/db/index.js';
import { renderCampaignMail, type CampaignContent, type Locale } from './domain/render.js';
import type { NewslettersService } from './newsletters.service.js';

/**
 * What delivers campaign mail: the notifications module's `MailTransport` (nodemailer over SMTP),
 * as the composition root hands it in (declared here, so the two modules do not import each other).
 */
export interface CampaignTransport {
  /** Resolves with the server's message id once accepted; throws when refused or unreachable. */
  send(mail: { from: string; to: string; subject: string; text: string; html: string; headers: Record<string, string> }): Promise<{ messageId: string | null }>;
  /** Closes pooled connections. */
  close(): void;
}

/** Tuning of the {@link CampaignSender}. */
export interface CampaignSenderOptions {
  /** `From` of campaign mail (`MAIL_FROM`). */
  from: string;
  /** Mails per minute at most in this process (`MAIL_RATE_PER_MINUTE`; 0: no limit). */
  ratePerMinute: number;
  /** Mails in flight at once (default 5, the pooled SMTP connections). */
  concurrency?: number;
  /** A run sends for at most this long, then asks for the next run (default 2 000 ms): a stop waits for at most that. */
  runBudgetMs?: number;
}

/** A claimed recipient still in flight after this long belongs to a process that died (never resent). */
const STALE_CLAIM = sql.raw(`interval '10 minutes'`);

type Claimed = { campaign_id: string; subscriber_id: string; email: string; locale: Locale; skip: string | null };

/**
 * Sends the recipients of `sending` campaigns through a {@link CampaignTransport} (the notifications
 * module's nodemailer transport, pooled), in batches claimed with `FOR UPDATE SKIP LOCKED`
 * (`pending` → `sending`, so processes never share a recipient), paced at `ratePerMinute`, and
 * records `sent` (with the SMTP message id) or `failed` per recipient after each batch.
 *
 * No one gets a campaign twice: a stop lets the mails in flight finish, records them, and puts the
 * claimed but unsent recipients back to `pending`; after a crash, recipients left `sending` for
 * 10 minutes are marked `failed` ("interrupted"), never sent again (at most once: whether the
 * server had accepted them is unknown). A finished campaign (nothing `pending` or `sending`) becomes `sent`.
 */
export class CampaignSender {
  private stopping = false;
  private nextSlot = 0;
  private readonly content = new Map<string, { content: CampaignContent; tracking: boolean }>();

  constructor(
    private readonly database: Database,
    private readonly service: NewslettersService,
    private readonly transport: CampaignTransport,
    private readonly log: Logger,
    private readonly options: CampaignSenderOptions,
    /** Asks for another run (a job trigger): when a run ends with work left. */
    private readonly again: () => void,
  ) {}

  /** Batch size: about 10 seconds of sending at the rate (1–100). */
  private get batchSize(): number {
    const rate = this.options.ratePerMinute;
    return rate <= 0 ? 100 : Math.max(1, Math.min(100, Math.floor(rate / 6)));
  }

  /** Waits for this process's next sending slot at the rate. */
  private async slot(): Promise<void> {
    const rate = this.options.ratePerMinute;
    if (rate <= 0) return;
    const now = Date.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + 60_000 / rate;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }

  /** Stops claiming: the batch in progress finishes (unsent claims go back to `pending`). */
  stop(): void {
    this.stopping = true;
    this.transport.close();
  }

  /** One job run: batches until nothing is pending, the run budget is spent, or a stop. */
  async run(): Promise<void> {
    await this.database.db.execute(sql`update newsletters.recipient set status = 'failed', error = 'interrupted while sending (process stopped); not sent again'
      where status = 'sending' and claimed_at < now() - ${STALE_CLAIM}`);
    const deadline = Date.now() + (this.options.runBudgetMs ?? 2_000);
    while (!this.stopping) {
      const claimed = await this.claim();
      if (claimed.length === 0) {
        await this.finishCampaigns();
        return;
      }
      await this.sendBatch(claimed);
      if (Date.now() >= deadline) {
        if (!this.stopping) this.again();
        return;
      }
    }
  }

  private async claim(): Promise<Claimed[]> {
    return rows<Claimed>(this.database.db, sql`
      with picked as (
        select r.campaign_id, r.subscriber_id from newsletters.recipient r join newsletters.campaign c on c.id = r.campaign_id
        where r.status = 'pending' and c.status = 'sending'
        order by c.started_at, r.campaign_id, r.subscriber_id limit ${this.batchSize} for update of r skip locked)
      update newsletters.recipient r set status = 'sending', claimed_at = now()
      from picked where r.campaign_id = picked.campaign_id and r.subscriber_id = picked.subscriber_id
      returning r.campaign_id, r.subscriber_id, r.email, r.locale,
        case when exists (select 1 from newsletters.suppression x where x.email_lower = lower(r.email)) then 'suppressed'
             when exists (select 1 from newsletters.subscriber s where s.id = r.subscriber_id and s.status <> 'confirmed') then 'unsubscribed' end as skip`);
  }

  private async campaignContent(id: string): Promise<{ content: CampaignContent; tracking: boolean }> {
    let c = this.content.get(id);
    if (!c) {
      const [r] = await rows<{ content: CampaignContent; tracking: boolean }>(this.database.db, sql`select content, tracking from newsletters.campaign where id = ${id}`);
      c = { content: r!.content, tracking: r!.tracking };
      this.content.set(id, c);
    }
    return c;
  }

  private async sendBatch(claimed: Claimed[]): Promise<void> {
    const sent: { c: string; s: string; id: string | null }[] = [];
    const failed: { c: string; s: string; error: string }[] = [];
    const skipped: { c: string; s: string; error: string }[] = [];
    const released: { c: string; s: string }[] = [];
    const queue = [...claimed];
    const worker = async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        if (r.skip) { skipped.push({ c: r.campaign_id, s: r.subscriber_id, error: r.skip }); continue; }
        if (this.stopping) { released.push({ c: r.campaign_id, s: r.subscriber_id }); continue; }
        await this.slot();
        const { content, tracking } = await this.campaignContent(r.campaign_id);
        const mail = renderCampaignMail(content[r.locale] ?? content.en, r.locale, this.service.links(r.subscriber_id, r.campaign_id, tracking));
        try {
          const { messageId } = await this.transport.send({
            from: this.options.from, to: r.email, subject: mail.subject, text: mail.text, html: mail.html,
            headers: { ...mail.headers, 'X-Comptoir-Campaign': r.campaign_id, 'Precedence': 'bulk' },
          });
          sent.push({ c: r.campaign_id, s: r.subscriber_id, id: messageId });
        } catch (err) {
          failed.push({ c: r.campaign_id, s: r.subscriber_id, error: (err instanceof Error ? err.message : String(err)).slice(0, 500) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 5, claimed.length) }, worker));
    await this.database.transaction(async (tx) => {
      if (sent.length > 0) {
        await tx.execute(sql`update newsletters.recipient r set status = 'sent', sent_at = now(), message_id = u.mid, error = null
          from unnest(${textArray(sent.map((x) => x.c))}, ${textArray(sent.map((x) => x.s))}, ${textArray(sent.map((x) => x.id ?? ''))}) as u(c, s, mid)
          where r.campaign_id = u.c and r.subscriber_id = u.s`);
        await tx.execute(sql`update newsletters.subscriber set soft_bounces = 0 where soft_bounces > 0 and id = any(${textArray(sent.map((x) => x.s))})`);
      }
      for (const [list, status] of [[failed, 'failed'], [skipped, 'skipped']] as const) {
        if (list.length === 0) continue;
        await tx.execute(sql`update newsletters.recipient r set status = ${status}, error = u.e
          from unnest(${textArray(list.map((x) => x.c))}, ${textArray(list.map((x) => x.s))}, ${textArray(list.map((x) => x.error))}) as u(c, s, e)
          where r.campaign_id = u.c and r.subscriber_id = u.s`);
      }
      if (released.length > 0) {
        await tx.execute(sql`update newsletters.recipient r set status = 'pending', claimed_at = null
          from unnest(${textArray(released.map((x) => x.c))}, ${textArray(released.map((x) => x.s))}) as u(c, s)
          where r.campaign_id = u.c and r.subscriber_id = u.s and r.status = 'sending'`);
      }
    });
    if (failed.length > 0) this.log.warn({ failed: failed.length, first: failed[0] }, 'campaign mails refused');
  }

  /** Campaigns with nothing pending or in flight become `sent`. */
  private async finishCampaigns(): Promise<void> {
    await this.database.db.execute(sql`update newsletters.campaign c set status = 'sent', finished_at = now(), updated_at = now()
      where c.status = 'sending' and not exists (select 1 from newsletters.recipient r where r.campaign_id = c.id and r.status in ('pending', 'sending'))`);
  }
}
