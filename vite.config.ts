import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: React, no Node. Served by the web host in a browser tab and loaded by the
// Electron shell through its custom protocol; both read the build from dist/renderer.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true },
  server: { host: '127.0.0.1', strictPort: true },
});
