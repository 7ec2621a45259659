import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { cannedReply } from './db/schema.js';

/** A canned reply: a title and its text in English and French. */
export interface CannedReplyDto {
  id: string;
  title: string;
  bodyEn: string;
  bodyFr: string;
}

/** Canned replies agents insert into their answers (the ticket's locale picks the language). */
export class CannedReplies {
  constructor(private readonly database: Database) {}

  /** Every canned reply, by title. */
  async list(): Promise<CannedReplyDto[]> {
    return this.database.db.select({ id: cannedReply.id, title: cannedReply.title, bodyEn: cannedReply.bodyEn, bodyFr: cannedReply.bodyFr }).from(cannedReply).orderBy(asc(cannedReply.title), asc(cannedReply.id));
  }

  /** Creates one (texts trimmed). */
  async create(input: Omit<CannedReplyDto, 'id'>): Promise<CannedReplyDto> {
    const row = { id: newId('cnr'), title: input.title.trim(), bodyEn: input.bodyEn.trim(), bodyFr: input.bodyFr.trim() };
    await this.database.db.insert(cannedReply).values(row);
    return row;
  }

  /** Deletes one. @throws 404 SUPPORT.CANNED_REPLY_NOT_FOUND. */
  async remove(id: string): Promise<void> {
    const gone = await this.database.db.delete(cannedReply).where(eq(cannedReply.id, id)).returning({ id: cannedReply.id });
    if (gone.length === 0) throw notFound('SUPPORT.CANNED_REPLY_NOT_FOUND', `No canned reply ${id.slice(0, 64)}`);
  }
}
