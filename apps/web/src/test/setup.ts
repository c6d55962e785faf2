import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/react';

// findBy… and waitFor wait up to 15 s: a loaded CI machine renders Ant Design's messages and dialogs
// slowly. Waiting longer only delays a failure; a passing test goes on as soon as the screen shows it.
configure({ asyncUtilTimeout: 15_000 });

// jsdom has no matchMedia; Ant Design's responsive hooks ask it (a desk-sized screen here).
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: /min-width/.test(query),
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});
