import { GraphQLError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { ValidationError } from 'class-validator';
import { formatSubgraphError } from './subgraph';
import { createLogger } from './logger';

function validationError(path: string[], constraints: Record<string, string>): ValidationError {
  const leaf = Object.assign(new ValidationError(), { property: path.at(-1)!, constraints, children: [] });
  return path.slice(0, -1).reduceRight<ValidationError>(
    (child, property) => Object.assign(new ValidationError(), { property, children: [child] }),
    leaf,
  );
}

describe('formatSubgraphError for class-validator failures', () => {
  const format = formatSubgraphError(createLogger('test', 'silent'));
  const formatted = (e: ValidationError) => {
    const original = new ArgumentValidationError([e]);
    const wrapped = new GraphQLError(original.message, { originalError: original });
    return format({ message: wrapped.message, extensions: { code: 'BAD_USER_INPUT' } }, wrapped).extensions;
  };

  it('reports the field and a reason for type-graphql 2 validation errors', () => {
    expect(formatted(validationError(['name'], { isLength: 'name must be shorter than or equal to 200 characters' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'name',
      reason: 'TOO_LONG',
    });
    expect(formatted(validationError(['contacts', '0', 'email'], { isEmail: 'email must be an email' }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'contacts.0.email',
      reason: 'INVALID_EMAIL',
    });
    expect(formatted(validationError(['needs'], { arrayMaxSize: 'needs must contain no more than 50 elements' }))).toMatchObject({
      field: 'needs',
      reason: 'TOO_MANY',
    });
  });
});
