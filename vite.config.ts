import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY_META } from './electron/main/csp.ts';

/** Where `vite dev` forwards API calls and events: a web host started separately (see README). */
const webHost = process.env.BUFFERT_WEB_HOST ?? 'http://127.0.0.1:5174';

/**
 * The built page carries the app's CSP as a meta tag (Chromium has not always applied response
 * headers to file:// pages in Electron). Build only: the dev server needs an inline script for
 * React Fast Refresh, which this policy rightly forbids.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'buffert-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY_META }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  root: 'renderer',
  // Relative asset paths: the same build loads from file:// in Electron and from the web host.
  base: './',
  plugins: [react(), contentSecurityPolicy()],
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
