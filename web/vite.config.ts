import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The top-level keys of the translation files (src/i18n/<lang>.json) only the back office uses;
 * `import('./en.json?part=admin')` gives them, `?part=store` every other key, so the storefront's
 * pages never download the back office's words (src/i18n/index.ts).
 */
const ADMIN_KEYS = ['admin', 'analytics'];

/**
 * The `store.*` keys of pages a shopper reaches from the account or the footer, not from the
 * first page: `?part=later` gives them (as `{ store: { … } }`), `?part=store` leaves them out.
 */
const LATER_STORE_KEYS = ['tickets', 'help', 'myData', 'addresses', 'account', 'confirmation', 'card', 'reportUnsubscribe', 'forgotPassword', 'resetPassword'];

/** Serves `<file>.json?part=store|admin|later`: the keys of that part of a translation file, as JSON. */
function translationParts(): Plugin {
  return {
    name: 'comptoir:translation-parts',
    enforce: 'pre',
    load(id) {
      const match = /^(.*\.json)\?(?:.*&)?part=(store|admin|later)(?:&|$)/.exec(id);
      if (!match) return null;
      const all = JSON.parse(readFileSync(match[1] as string, 'utf8')) as Record<string, unknown>;
      const store = (all.store ?? {}) as Record<string, unknown>;
      const pick = (keep: (key: string) => boolean) => Object.fromEntries(Object.entries(store).filter(([key]) => keep(key)));
      if (match[2] === 'later') return JSON.stringify({ store: pick((key) => LATER_STORE_KEYS.includes(key)) });
      const admin = match[2] === 'admin';
      const part = Object.fromEntries(Object.entries(all).filter(([key]) => ADMIN_KEYS.includes(key) === admin));
      if (!admin) part.store = pick((key) => !LATER_STORE_KEYS.includes(key));
      return JSON.stringify(part);
    },
  };
}

/** Extensions worth compressing (text); images and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|xml|ico)$/;
/** Below this size a compressed copy saves less than its headers cost (the server's own threshold). */
const MIN_BYTES = 1024;

/**
 * Writes `<file>.br` (brotli, best quality) and `<file>.gz` (gzip, level 9) next to each
 * compressible built file of at least {@link MIN_BYTES}, when smaller, for the server to send as
 * they are (@fastify/static `preCompressed`) instead of compressing on each request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'comptoir:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    writeBundle: {
      sequential: true,
      order: 'post',
      handler() {
        const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
        for (const file of walk(outDir)) {
          if (!COMPRESSIBLE.test(file) || statSync(file).size < MIN_BYTES) continue;
          const bytes = readFileSync(file);
          const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
          const gz = gzipSync(bytes, { level: 9 });
          if (br.length < bytes.length) writeFileSync(`${file}.br`, br);
          if (gz.length < bytes.length) writeFileSync(`${file}.gz`, gz);
        }
      },
    },
  };
}

/**
 * The libraries every page runs (React, React Router, i18next, TanStack Query, the API client): one
 * chunk, instead of the eight small ones Rollup would cut them into by importer, so each page
 * downloads fewer files that compress better together (about 3.5 KiB less gzipped per storefront page).
 */
const RUNTIME = /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next|@tanstack|use-sync-external-store|openapi-fetch)[\\/]/;

// The web app (storefront at /, back office at /admin), built into web/dist and served by the
// API server. `npm run dev:web` proxies /api to a server on :3000.
export default defineConfig({
  root: __dirname,
  plugins: [translationParts(), react(), precompress()],
  build: {
    outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022',
    rollupOptions: { output: { manualChunks: (id) => (RUNTIME.test(id) ? 'runtime' : undefined) } },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
