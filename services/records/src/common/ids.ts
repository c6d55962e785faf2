import { BadInputError } from '@salestrail/platform';

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** An id referenced from an input: malformed is BAD_USER_INPUT/INVALID_ID at that input path. */
export function assertIdReference(value: string, field: string): void {
  if (!isUuid(value)) throw new BadInputError(field, 'INVALID_ID', `"${value.slice(0, 64)}" is not a valid id`);
}
