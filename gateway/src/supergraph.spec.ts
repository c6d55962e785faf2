import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeCurrentSupergraph } from './supergraph';

describe('the committed supergraph', () => {
  it('composes without errors and equals a fresh composition (run `npm run compose` after schema changes)', async () => {
    const fresh = await composeCurrentSupergraph();
    const committed = readFileSync(path.resolve(__dirname, '../supergraph.graphql'), 'utf8');
    expect(committed).toBe(fresh);
  });
});
