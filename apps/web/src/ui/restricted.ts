import type { GraphQLFormattedError } from 'graphql';

/**
 * A field the caller's role may not see comes back null with a FORBIDDEN error at its path. This keeps
 * those paths, so a screen can tell "restricted" from "empty".
 */
export class RestrictedPaths {
  private readonly paths: Set<string>;
  constructor(errors: readonly GraphQLFormattedError[] | undefined) {
    this.paths = new Set(
      (errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN' && e.path?.length).map((e) => e.path!.join('.')),
    );
  }
  /** Whether the value at this path (e.g. `customer.contacts.0.phone`) was withheld. */
  has(...path: (string | number)[]): boolean {
    return this.paths.has(path.join('.'));
  }
  get size(): number {
    return this.paths.size;
  }
}
