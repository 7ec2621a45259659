import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app (storefront at /, back office at /admin), built into web/dist and served by the
// API server. `npm run dev:web` proxies /api to a server on :3000.
export default defineConfig({
  root: __dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
