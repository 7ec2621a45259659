import type { SiteDto } from './sites.schemas.js';

export type { SiteDto };

/** What other modules, flows and the composition root may ask of sites. */
export interface SitesContract {
  /** Every site, by code (this process's copy, at most a few seconds old). */
  list(): Promise<SiteDto[]>;
  /** One site by code (this process's copy), or null when there is none. */
  find(code: string): Promise<SiteDto | null>;
}
