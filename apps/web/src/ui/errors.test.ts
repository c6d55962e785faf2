import { ApolloError } from '@apollo/client';
import { GraphQLError } from 'graphql';
import i18n, { initI18n } from '../i18n';
import { fieldPath, mapGraphQLErrors } from './errors';

initI18n('zh-CN');
const t = i18n.t.bind(i18n);

function refused(...errors: Array<{ message: string; extensions: Record<string, unknown> }>) {
  return new ApolloError({ graphQLErrors: errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions })) });
}

describe('mapping server errors onto a form', () => {
  it('puts a BAD_USER_INPUT on the field named by extensions.field, with the catalogue words for its reason', () => {
    const mapped = mapGraphQLErrors(
      refused({ message: 'vague', extensions: { code: 'BAD_USER_INPUT', field: 'nextAction.content', reason: 'VAGUE_NEXT_ACTION' } }),
      t,
      ['nextAction.content', 'nextAction.dueAt'],
    );
    expect(Object.keys(mapped.fields)).toEqual(['nextAction.content']);
    expect(mapped.fields['nextAction.content']![0]).toContain('发送产品详细参数表至客户邮箱');
    expect(mapped.general).toEqual([]);
    expect(mapped.conflict).toBe(false);
    expect(mapped.reasons).toEqual(['VAGUE_NEXT_ACTION']);
  });

  it("strips the input variable's name from the path", () => {
    const mapped = mapGraphQLErrors(refused({ message: 'future', extensions: { code: 'BAD_USER_INPUT', field: 'input.occurredAt', reason: 'FUTURE_DATE' } }), t, ['occurredAt']);
    expect(mapped.fields).toEqual({ occurredAt: ['时间不能晚于现在。'] });
  });

  it('keeps an error on a field the form does not have as a general message, in the server words when the catalogue has none', () => {
    const mapped = mapGraphQLErrors(refused({ message: 'Owner not allowed', extensions: { code: 'BAD_USER_INPUT', field: 'ownerId', reason: 'SOMETHING_NEW' } }), t, ['name']);
    expect(mapped.fields).toEqual({});
    expect(mapped.general).toEqual(['Owner not allowed']);
  });

  it('says CONFLICT on a stale version (offer a reload), but not on a duplicate name', () => {
    expect(mapGraphQLErrors(refused({ message: 'stale', extensions: { code: 'CONFLICT', reason: 'STALE_VERSION' } }), t).conflict).toBe(true);
    const duplicate = mapGraphQLErrors(refused({ message: 'dup', extensions: { code: 'CONFLICT', reason: 'DUPLICATE_CUSTOMER', field: 'name' } }), t, ['name']);
    expect(duplicate.conflict).toBe(false);
    expect(duplicate.fields).toEqual({ name: ['已有同名客户。'] });
  });

  it('explains a failure without any GraphQL error as the network, keeping what was typed', () => {
    const mapped = mapGraphQLErrors(new ApolloError({ networkError: new Error('Failed to fetch') }), t);
    expect(mapped.general).toEqual([expect.stringContaining('已填写的内容没有丢失')]);
  });

  it("turns input paths into Ant Design's name paths", () => {
    expect(fieldPath('needs.0.description')).toEqual(['needs', 0, 'description']);
    expect(fieldPath('nextAction.dueAt')).toEqual(['nextAction', 'dueAt']);
  });
});
