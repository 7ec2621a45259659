import { jsonb, pgSchema, text, timestamp, index } from 'drizzle-orm/pg-core';

/** PostgreSQL schema `imports`: import jobs with their progress and report. */
export const importsSchema = pgSchema('imports');

/**
 * One import of a file. `status`: queued → running → succeeded | failed | refused (the file was
 * refused before anything was written: missing columns, ambiguous dates).
 */
export const importJob = importsSchema.table(
  'import_job',
  {
    id: text('id').primaryKey(),
    source: text('source').notNull(),
    filename: text('filename').notNull(),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed', 'refused'] }).notNull().default('queued'),
    options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
    progress: jsonb('progress').$type<{ phase: string; rows: number }>().notNull().default({ phase: 'queued', rows: 0 }),
    report: jsonb('report').$type<Record<string, unknown>>(),
    error: text('error'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_job_created_idx').on(t.createdAt)],
);
