import { copyFileSync, existsSync, readFileSync } from 'node:fs';
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

/**
 * In the build, each `graphql(`query Name …`)` call becomes the generated `NameDocument` itself, in a
 * module of its own: the codegen's lookup table of every operation (src/gql/gql.ts) and the one file
 * holding them all (src/gql/graphql.ts) go unused, and a screen's code carries only its own operations
 * (what the client preset's Babel plugin does). Types are unchanged: they come from gql.ts at type-check time.
 */
function documentsByName(): Plugin {
  const generated = path.resolve(import.meta.dirname, 'src/gql/graphql.ts');
  const call = /\bgraphql\(\s*`\s*(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)[^`]*`\s*\)/g;
  const PREFIX = '\0salestrail-document:';
  return {
    name: 'salestrail-documents-by-name',
    apply: 'build',
    enforce: 'pre',
    resolveId(id) {
      return id.startsWith(PREFIX) ? id : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length);
      const line = readFileSync(generated, 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`export const ${name}Document = `));
      const literal = line && /^export const \w+ = (\{.*\}) as unknown as DocumentNode</.exec(line)?.[1];
      if (!literal) throw new Error(`src/gql/graphql.ts has no ${name}Document: run npm run codegen`);
      return `export default ${literal};`;
    },
    transform(code, id) {
      if (!/\/src\/.*\.tsx?$/.test(id) || id.includes('/src/gql/') || !code.includes('graphql(`')) return null;
      const names = new Set<string>();
      const out = code.replace(call, (_, name: string) => {
        names.add(name);
        return `__document_${name}`;
      });
      if (!names.size) return null;
      const imports = [...names].map((n) => `import __document_${n} from ${JSON.stringify(PREFIX + n)};`).join('\n');
      return { code: `${imports}\n${out}`, map: null };
    },
  };
}

/**
 * Two pieces of Ant Design's dependencies kept off the first screen in the build: the ResizeObserver
 * polyfill (every browser the app supports has ResizeObserver), and the tabs Card imports for its
 * `tabList` (no card of the app has tabs): Card gets them lazily, so a card with tabs would still work.
 */
function firstScreenDiet(): Plugin {
  const RESIZE = '\0salestrail-resize-observer';
  const CARD_TABS = '\0salestrail-card-tabs';
  const TYPOGRAPHY_EDITABLE = '\0salestrail-typography-editable';
  return {
    name: 'salestrail-first-screen-diet',
    apply: 'build',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id === 'resize-observer-polyfill') return RESIZE;
      if (id === '../tabs' && importer && /node_modules\/antd\/es\/card\/Card\.js$/.test(importer)) return CARD_TABS;
      // Typography's in-place editing (a TextArea and the input styles) is used by no screen: it loads if
      // one ever renders it, instead of with every screen that shows text.
      if (id === '../Editable' && importer && /node_modules\/antd\/es\/typography\/Base\/index\.js$/.test(importer)) return TYPOGRAPHY_EDITABLE;
      return null;
    },
    load(id) {
      if (id === RESIZE) return 'export default globalThis.ResizeObserver;';
      if (id === CARD_TABS) return "import { lazy } from 'react';\nexport default lazy(() => import('antd/es/tabs/index.js'));";
      if (id === TYPOGRAPHY_EDITABLE) return "import { lazy } from 'react';\nexport default lazy(() => import('antd/es/typography/Editable.js'));";
      return null;
    },
  };
}

export default defineConfig({
  plugins: [react(), persistedDocumentsManifest(), documentsByName(), firstScreenDiet()],
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
