import type { Executor } from '../../platform/db/index.js';
import type { SiteDto } from './sites.schemas.js';

export type { SiteDto };

/** What other modules, flows and the composition root may ask of sites. */
export interface SitesContract {
  /** Every site, by code (this process's copy, at most a few seconds old). */
  list(): Promise<SiteDto[]>;
  /**
   * One site by code (this process's copy), or null when there is none. Called inside a
   * transaction (an event handler's), pass it as `tx`: a reload of the copy reads through it.
   */
  find(code: string, tx?: Executor): Promise<SiteDto | null>;
}
