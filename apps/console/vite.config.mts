import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The finance console: built into dist/console, served by the service under /console. */
export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // Everything ships inside the service: no CDN, no runtime fetch of code.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
