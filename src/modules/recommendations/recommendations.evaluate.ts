import { createReadStream } from 'node:fs';
import { analyzeOnlineRetail } from '../imports/index.js';
import { evaluate, type Evaluation } from './domain/evaluate.js';
import type { Basket } from './domain/model.js';

/** Options of {@link evaluateOnlineRetail}. */
export interface EvaluateFileOptions {
  /** First day of the test period (ISO 8601 date or time, UTC); default: one month before the last invoice. */
  cutoff?: string;
  easeItems?: number;
  easeLambda?: number;
}

/**
 * Reads an Online Retail CSV with the import's own analyser (UCI, CC BY 4.0): its sales invoices
 * become baskets (distinct SKUs; cancellation invoices and service codes such as POST, M or
 * gift vouchers are dropped, as the analyser keeps them apart), with each SKU's leaf category.
 * @throws ImportRefusedError when the file cannot be read safely (as the import would refuse it).
 */
export async function onlineRetailBaskets(file: string): Promise<{ baskets: Basket[]; categories: Map<string, string>; last: number }> {
  const plan = await analyzeOnlineRetail(() => createReadStream(file));
  const baskets = plan.orders.map((o) => ({ customer: o.customerExternalId, at: Date.parse(o.placedAt), items: [...new Set(o.lines.map((l) => l.sku))] }));
  const categories = new Map(plan.products.map((p) => [p.sku, p.category]));
  return { baskets, categories, last: plan.period ? Date.parse(plan.period.last) : Date.now() };
}

/**
 * `comptoir recommendations evaluate`: the time-based split of {@link evaluate} on an Online
 * Retail file, by default training on every invoice before the last month of the file.
 * @throws Error when `cutoff` is not a date; ImportRefusedError (see {@link onlineRetailBaskets}).
 */
export async function evaluateOnlineRetail(file: string, options: EvaluateFileOptions = {}): Promise<Evaluation> {
  const { baskets, categories, last } = await onlineRetailBaskets(file);
  let cutoff: number;
  if (options.cutoff) {
    cutoff = Date.parse(options.cutoff);
    if (Number.isNaN(cutoff)) throw new Error(`--cutoff must be a date (YYYY-MM-DD), got ${JSON.stringify(options.cutoff)}`);
  } else {
    const d = new Date(last);
    d.setUTCMonth(d.getUTCMonth() - 1);
    cutoff = d.getTime();
  }
  return evaluate(baskets, { cutoff, categories, easeItems: options.easeItems, easeLambda: options.easeLambda });
}

/** The evaluation as a Markdown table (percentages with one decimal). */
export function evaluationTable(e: Evaluation): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const lines = [
    `Cut-off ${e.cutoff}: train ${e.train.baskets} baskets, ${e.train.items} items, ${e.train.customers} customers; ` +
      `test ${e.test.baskets} baskets, ${e.test.seeds} seeds, ${e.test.customers} returning customers (${(e.durationMs / 1000).toFixed(1)} s)`,
    '',
    '| task | method | cases | HR@10 | Recall@10 | NDCG@10 | coverage |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of e.rows) lines.push(`| ${r.task} | ${r.method} | ${r.cases} | ${pct(r.hr)} | ${pct(r.recall)} | ${pct(r.ndcg)} | ${pct(r.coverage)} |`);
  return lines.join('\n');
}
