import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Where `vite dev` forwards API calls and events: a web host started separately (see README). */
const webHost = process.env.BUFFERT_WEB_HOST ?? 'http://127.0.0.1:5174';

export default defineConfig({
  root: 'renderer',
  // Relative asset paths: the same build loads from file:// in Electron and from the web host.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      // The web host accepts only its own origin, so the proxy presents itself as that origin.
      '/api': { target: webHost, changeOrigin: true, headers: { origin: webHost } },
      '/events': { target: webHost.replace(/^http/, 'ws'), ws: true, changeOrigin: true, headers: { origin: webHost } },
    },
  },
});
