// The console's build: `npm run build` writes it to dist/web, which the API serves at / (api/web-console.ts);
// `npm run dev:web` serves it with hot reload and sends API paths to the API (API_URL, default the
// API's own default address).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // JSX without @vitejs/plugin-react: Vite's own transformer does the automatic runtime (the plugin's
  // Babel 8 peer could not be resolved next to jest's Babel 7; a full reload replaces Fast Refresh).
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // Hashed file names under /assets: the API caches them for a year, index.html never.
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // antd's files start with React's "use client", meaningless in a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/v1': api, '/openapi.json': api, '/docs': api },
  },
});
