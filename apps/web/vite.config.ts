import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The build's output is static files the gateway serves on the API's origin. The persisted-documents
 * manifest made by codegen goes along, beside them (the gateway reads it from the same directory and
 * does not serve it as a file).
 */
function persistedDocumentsManifest(): Plugin {
  return {
    name: 'salestrail-persisted-documents',
    apply: 'build',
    writeBundle(options) {
      const from = path.resolve(import.meta.dirname, 'src/gql/persisted-documents.json');
      if (!existsSync(from)) throw new Error('src/gql/persisted-documents.json is missing: run npm run codegen');
      copyFileSync(from, path.join(options.dir ?? 'dist', 'persisted-documents.json'));
    },
  };
}

export default defineConfig({
  plugins: [react(), persistedDocumentsManifest()],
  // Apollo Client's development-only checks and messages stay out of the production build.
  define: { 'globalThis.__DEV__': JSON.stringify(false) },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      // Ant Design's rc-* building blocks declare no `sideEffects`, so every module their entry points
      // re-export would stay in the bundle (the whole form library behind Typography's editable text, all
      // of rc-util). They are side-effect free: only what is used is kept.
      treeshake: { moduleSideEffects: (id: string) => !/node_modules\/(rc-[^/]+|@rc-component\/[^/]+)\//.test(id) },
      output: {
        // The framework and the design system change rarely: their own long-cached chunks.
        manualChunks(id: string) {
          if (/node_modules\/(react|react-dom|react-router|scheduler)\//.test(id)) return 'react';
          if (/node_modules\/(@apollo|graphql)\//.test(id)) return 'apollo';
          return undefined;
        },
      },
    },
  },
  server: {
    // `npm run dev -w @salestrail/web`: the API on the gateway started by `npm start`.
    proxy: { '/graphql': 'http://127.0.0.1:4000', '/app-config.json': 'http://127.0.0.1:4000' },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // The first render of Ant Design in jsdom is slow on a shared 2-core machine; no test waits on time.
    testTimeout: 30_000,
  },
});
