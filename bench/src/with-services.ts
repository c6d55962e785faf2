import globalSetup from '@salestrail/testkit/dist/global-setup';
import globalTeardown from '@salestrail/testkit/dist/global-teardown';

/**
 * Runs `fn` with real Postgres and Redis found the way the tests find them, in fresh databases and a
 * fresh Redis prefix that are dropped afterwards.
 */
export async function withTestServices<T>(fn: () => Promise<T>): Promise<T> {
  await globalSetup();
  try {
    return await fn();
  } finally {
    await globalTeardown();
  }
}
