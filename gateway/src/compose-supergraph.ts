import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeCurrentSupergraph } from './supergraph';

/** `npm run compose`: writes gateway/supergraph.graphql from the subgraphs' code. */
composeCurrentSupergraph().then(
  (sdl) => {
    const file = path.resolve(__dirname, '../supergraph.graphql');
    writeFileSync(file, sdl);
    console.log(`supergraph written to ${path.relative(process.cwd(), file)}`);
  },
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  },
);
