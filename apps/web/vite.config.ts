import path from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiUrl = process.env.SHAKEDOWN_API_URL ?? 'http://127.0.0.1:3000';

/** The dashboard calls `/api/*`; the dev and preview servers forward it to the API. */
const proxy = {
  '/api': {
    target: apiUrl,
    changeOrigin: false,
    rewrite: (url: string) => url.replace(/^\/api/, ''),
  },
};

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Core's isomorphic parts are bundled from source, so the web build tree-shakes them.
    alias: [
      {
        find: /^@shakedown\/core\/(.*)$/,
        replacement: path.resolve(__dirname, '../../packages/core/src/$1'),
      },
    ],
  },
  server: { host: '127.0.0.1', port: 5173, proxy },
  preview: { host: '127.0.0.1', port: 5173, proxy },
  build: { outDir: 'dist', sourcemap: true },
});
