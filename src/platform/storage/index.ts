/**
 * Object storage (ARCHITECTURE.md §2 `platform/storage`): private files on local disk by default,
 * in an S3-compatible bucket when configured; upload checks (type from the bytes, allow-list,
 * size limit), safe download headers, virus scanning through clamd when configured.
 */
import { join } from 'node:path';
import type { Config } from '../config.js';
import { LocalObjectStore, S3ObjectStore, type ObjectStore } from './store.js';
import { ClamdScanner, clamdAddress, type FileScanner } from './scan.js';

export { LocalObjectStore, S3ObjectStore, dispositionHeader, isStorageKey } from './store.js';
export type { ObjectStore, S3Settings, SignedUrlOptions, LocalGrant } from './store.js';
export { ALLOWED_FILE_TYPES, FILE_CSP, INLINE_IMAGE_TYPES, downloadHeaders, inspectFile, tooLarge } from './files.js';
export type { InspectedFile } from './files.js';
export { ClamdScanner, RELEASED_SCAN_STATES, clamdAddress } from './scan.js';
export type { FileScanner, ScanState } from './scan.js';
export { fileRoutes } from './routes.js';

/**
 * The store `config` asks for: an {@link S3ObjectStore} when `config.s3` is set (all four of
 * `S3_ENDPOINT`, `S3_BUCKET`, `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`), else a
 * {@link LocalObjectStore} in `<dataDir>/files` whose signed URLs are keyed with `secret` and
 * rooted at `config.publicUrl`.
 */
export function createObjectStore(config: Config, secret: string): ObjectStore {
  if (config.s3) return new S3ObjectStore(config.s3);
  return new LocalObjectStore(join(config.dataDir, 'files'), secret, config.publicUrl);
}

/** The clamd scanner of `CLAMAV_HOST`, or undefined when it is not set (files are then "not scanned"). */
export function createFileScanner(config: Config): FileScanner | undefined {
  return config.clamavHost ? new ClamdScanner(clamdAddress(config.clamavHost)) : undefined;
}
