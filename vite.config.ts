import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: React, no Node. Served by the web host in a browser tab and loaded by the
// Electron shell through its custom protocol; both read the build from dist/renderer.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // libphonenumber's metadata (the phone shown as agents read it) in a file of its own: the page
    // loads it up front all the same, and the app's own code stays under the 500 kB warning.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'phone-numbers', test: /node_modules[\\/]libphonenumber-js/ }] } } },
  },
  server: { host: '127.0.0.1', strictPort: true },
});
