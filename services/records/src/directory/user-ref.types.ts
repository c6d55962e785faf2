import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A person, as records names them: a reference by key that workflow (which owns the directory) resolves
 * to the whole `User`; records never resolves one itself.
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User')
export class UserRef {
  @Field(() => ID) id: string;
}

export function userRef(id: string): UserRef {
  return { id };
}
