import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { create as contentDisposition } from 'content-disposition';

/**
 * How a signed URL answers: the `contentType` to send (the sniffed type, never the client's), the
 * `filename` offered to the browser, whether it may be shown `inline` (storefront images only;
 * every other file is `attachment`), and how long the URL lives (seconds, default 300).
 */
export interface SignedUrlOptions {
  contentType: string;
  filename: string;
  inline?: boolean;
  expiresInSeconds?: number;
}

/**
 * Private object storage: bytes under a key (`support/tkt_…/att_…`, see {@link isStorageKey}).
 * Implementations: {@link LocalObjectStore} (files in the data dir, the default) and
 * {@link S3ObjectStore} (any S3-compatible store through the AWS SDK v3).
 */
export interface ObjectStore {
  /** `local` or `s3`. */
  readonly kind: 'local' | 's3';
  /** Stores `data` under `key` (replacing what was there). @throws Error on a bad key or a store failure. */
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Removes `key` (nothing happens when it is absent). */
  delete(key: string): Promise<void>;
  /**
   * A URL that downloads `key` for `expiresInSeconds` without further checks, with
   * `Content-Disposition: attachment` (or `inline` when asked) and the given content type.
   */
  signedUrl(key: string, options: SignedUrlOptions): Promise<string>;
}

/** A storage key: lower-case letters, digits, `_`, `-`, `.` in `/`-separated segments, no `..`, at most 200 characters. */
export function isStorageKey(key: string): boolean {
  return key.length <= 200 && /^[a-z0-9_-][a-z0-9_.-]*(\/[a-z0-9_-][a-z0-9_.-]*)*$/i.test(key) && !key.split('/').includes('..');
}

function checkKey(key: string): void {
  if (!isStorageKey(key)) throw new Error(`Invalid storage key "${key.slice(0, 64)}"`);
}

/** `Content-Disposition` of a download: `attachment` (or `inline`) with the file name, UTF-8 safe (RFC 6266). */
export function dispositionHeader(filename: string, inline = false): string {
  return contentDisposition(filename || 'file', { type: inline ? 'inline' : 'attachment' });
}

/** The query members of a local signed URL, as signed. */
export interface LocalGrant {
  key: string;
  expires: number;
  type: string;
  name: string;
  inline: boolean;
}

/**
 * Files in a directory (`<dataDir>/files` by default): key `a/b` is the file `<root>/a/b`.
 * Signed URLs point at this app's `GET /files/<key>` (see routes.ts) with `expires` (unix
 * seconds), `type`, `name`, `inline` and `signature` (HMAC-SHA256 of them with `secret`, hex).
 */
export class LocalObjectStore implements ObjectStore {
  readonly kind = 'local' as const;

  constructor(private readonly root: string, private readonly secret: string, private readonly baseUrl: string, private readonly now: () => number = Date.now) {}

  private path(key: string): string {
    checkKey(key);
    return join(this.root, ...key.split('/'));
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data, { mode: 0o600 });
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private sign(grant: LocalGrant): string {
    return createHmac('sha256', this.secret)
      .update([grant.key, grant.expires, grant.type, grant.name, grant.inline ? '1' : '0'].join('\u0000'))
      .digest('hex');
  }

  async signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
    checkKey(key);
    const grant: LocalGrant = {
      key, expires: Math.floor(this.now() / 1000) + (options.expiresInSeconds ?? 300), type: options.contentType, name: options.filename, inline: !!options.inline,
    };
    const query = new URLSearchParams({ expires: String(grant.expires), type: grant.type, name: grant.name, inline: grant.inline ? '1' : '0', signature: this.sign(grant) });
    return `${this.baseUrl}/files/${key}?${query.toString()}`;
  }

  /** True when `signature` is this store's signature of `grant` and the grant has not expired. */
  verify(grant: LocalGrant, signature: string): boolean {
    if (!/^[0-9a-f]{64}$/.test(signature) || grant.expires * 1000 < this.now()) return false;
    return timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(this.sign(grant), 'hex'));
  }
}

/** Where an {@link S3ObjectStore} writes: endpoint URL, bucket, keys and region (default `us-east-1`). */
export interface S3Settings {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
}

/**
 * An S3-compatible bucket (AWS S3, MinIO…) through the official AWS SDK v3 client, path-style
 * addressing, checksums only where the API requires them (what S3-compatible servers accept).
 * Signed URLs are S3 presigned GETs overriding the answer's `Content-Type` and `Content-Disposition`.
 * The SDK (about 1 MB) is loaded when the store is made, i.e. only when S3 is configured.
 */
export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  private readonly sdk = import('@aws-sdk/client-s3');
  private readonly client: Promise<S3Client>;

  constructor(private readonly settings: S3Settings) {
    this.client = this.sdk.then(({ S3Client }) => new S3Client({
      endpoint: settings.endpoint,
      region: settings.region ?? 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }));
    // Never an unhandled rejection: each call awaits `client` and throws there.
    this.client.catch(() => undefined);
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    checkKey(key);
    const { PutObjectCommand } = await this.sdk;
    await (await this.client).send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: data, ContentType: contentType }));
  }

  async get(key: string): Promise<Buffer | null> {
    checkKey(key);
    const { GetObjectCommand, NoSuchKey } = await this.sdk;
    try {
      const answer = await (await this.client).send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return answer.Body ? Buffer.from(await answer.Body.transformToByteArray()) : Buffer.alloc(0);
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    const { DeleteObjectCommand } = await this.sdk;
    await (await this.client).send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  async signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
    checkKey(key);
    const [{ GetObjectCommand }, { getSignedUrl }] = await Promise.all([this.sdk, import('@aws-sdk/s3-request-presigner')]);
    const command = new GetObjectCommand({
      Bucket: this.settings.bucket, Key: key,
      ResponseContentType: options.contentType,
      ResponseContentDisposition: dispositionHeader(options.filename, options.inline),
    });
    return getSignedUrl(await this.client, command, { expiresIn: options.expiresInSeconds ?? 300 });
  }
}
