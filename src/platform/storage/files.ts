import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../errors.js';

/** Raster image types the storefront may show inline (never SVG: it can carry script). */
export const INLINE_IMAGE_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

/** Every type a file may have, by the type read from its bytes → extension: raster images, PDF, plain text. */
export const ALLOWED_FILE_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'application/pdf': 'pdf', 'text/plain': 'txt',
};

/** The type of an accepted file: read from its bytes, with its extension. */
export interface InspectedFile {
  contentType: string;
  extension: string;
  size: number;
}

/**
 * True when `data` is plain text: valid UTF-8 without NUL or other control characters (tab, line
 * breaks and form feed allowed), not starting like markup (`<`, after blanks and a BOM), which a
 * browser could take for HTML or SVG.
 */
function isPlainText(data: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return false;
  return !/^[\ufeff\s]*</.test(text);
}

/**
 * Checks an upload: at most `limitBytes`, and its type, read from its bytes (magic numbers with
 * `file-type`; text when it is clean UTF-8 that does not look like markup), in
 * {@link ALLOWED_FILE_TYPES}. The type or name the client declared is never used.
 * @throws 413 STORAGE.TOO_LARGE over the limit; 415 STORAGE.UNSUPPORTED_TYPE otherwise (HTML,
 *   SVG, archives, executables, empty files…).
 */
export async function inspectFile(data: Buffer, limitBytes: number): Promise<InspectedFile> {
  if (data.length > limitBytes) throw tooLarge(limitBytes);
  const sniffed = data.length > 0 ? (await fileTypeFromBuffer(data))?.mime : undefined;
  const contentType = sniffed ?? (data.length > 0 && isPlainText(data) ? 'text/plain' : undefined);
  const extension = contentType ? ALLOWED_FILE_TYPES[contentType] : undefined;
  if (!contentType || !extension) {
    throw new AppError('STORAGE.UNSUPPORTED_TYPE', 415, `Files must be JPEG, PNG, WebP or GIF images, PDF or plain text${sniffed ? `; this one is ${sniffed}` : ''}`);
  }
  return { contentType, extension, size: data.length };
}

/** [413] STORAGE.TOO_LARGE: a file over `limitBytes`. */
export function tooLarge(limitBytes: number): AppError {
  return new AppError('STORAGE.TOO_LARGE', 413, `Files are limited to ${limitBytes} bytes (${(limitBytes / 1_048_576).toFixed(1)} MiB)`, undefined, { limit: limitBytes });
}

/** Content-Security-Policy of a downloaded file: nothing it contains may run, load or be framed. */
export const FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

/**
 * Headers of a file download: the stored (sniffed) `Content-Type` (`; charset=utf-8` for text),
 * `Content-Disposition` attachment (inline only when `inline` is asked AND the type is a raster
 * image: SVG, HTML and everything else are always attachments), `X-Content-Type-Options:
 * nosniff`, the restrictive {@link FILE_CSP}, and `Cache-Control: private, no-store`.
 */
export function downloadHeaders(contentType: string, disposition: string, inline: boolean): Record<string, string> {
  const shown = inline && INLINE_IMAGE_TYPES.includes(contentType);
  return {
    'content-type': contentType === 'text/plain' ? 'text/plain; charset=utf-8' : contentType,
    'content-disposition': shown ? disposition.replace(/^attachment/, 'inline') : disposition.replace(/^inline/, 'attachment'),
    'x-content-type-options': 'nosniff',
    'content-security-policy': FILE_CSP,
    'cache-control': 'private, no-store',
  };
}
