import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../../platform/db/index.js';
import { badRequest } from '../../platform/errors.js';
import { slaTarget, TICKET_PRIORITIES } from './db/schema.js';
import { DEFAULT_SLA, type SlaTarget, type TicketPriority } from './domain/tickets.js';

/** The SLA target of one priority as the API shows it (minutes). */
export interface SlaTargetDto extends SlaTarget {
  priority: TicketPriority;
}

/**
 * SLA targets per priority, set in the back office (table `support.sla_target`), each priority
 * falling back to {@link DEFAULT_SLA}. New tickets and priority changes take the targets in force
 * then; due times already set are kept.
 */
export class SlaSettings {
  constructor(private readonly database: Database) {}

  /** The targets in force, every priority. */
  async targets(exec: Executor = this.database.db): Promise<Record<TicketPriority, SlaTarget>> {
    const rows = await exec.select().from(slaTarget);
    const out = { ...DEFAULT_SLA } as Record<TicketPriority, SlaTarget>;
    for (const r of rows) out[r.priority] = { firstResponseMinutes: r.firstResponseMinutes, resolutionMinutes: r.resolutionMinutes };
    return out;
  }

  /** The targets as a list, lowest priority first. */
  async list(): Promise<SlaTargetDto[]> {
    const targets = await this.targets();
    return TICKET_PRIORITIES.map((priority) => ({ priority, ...targets[priority] }));
  }

  /**
   * Sets the targets of the priorities given (others unchanged).
   * @throws 400 VALIDATION.FAILED when a resolution target is shorter than its first-response target.
   */
  async save(given: SlaTargetDto[]): Promise<SlaTargetDto[]> {
    const targets = [...new Map(given.map((t) => [t.priority, t])).values()]; // the last one of a priority wins
    const bad = targets.findIndex((t) => t.resolutionMinutes < t.firstResponseMinutes);
    if (bad >= 0) throw badRequest('A resolution target cannot be shorter than the first-response target', [{ field: `body/targets/${bad}/resolutionMinutes`, message: 'must be at least firstResponseMinutes' }]);
    if (targets.length > 0) {
      await this.database.db.insert(slaTarget).values(targets.map((t) => ({ priority: t.priority, firstResponseMinutes: t.firstResponseMinutes, resolutionMinutes: t.resolutionMinutes, updatedAt: new Date() })))
        .onConflictDoUpdate({ target: slaTarget.priority, set: { firstResponseMinutes: sql`excluded.first_response_minutes`, resolutionMinutes: sql`excluded.resolution_minutes`, updatedAt: sql`excluded.updated_at` } });
    }
    return this.list();
  }
}
