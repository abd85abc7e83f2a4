import { defineConfig } from 'vite';

// The console is served under /console by @ska/oet-server (any prefix works: asset URLs are relative).
// Preact's automatic JSX runtime through esbuild: no framework plugin needed.
export default defineConfig({
  root: 'src',
  base: './',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
