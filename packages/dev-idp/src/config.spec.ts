import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@salestrail/platform/dist/config';
import { loadDevIdpConfig } from './config';
import { loadPeople } from './people';

describe('the development identity provider configuration', () => {
  it('defaults to the issuer, client and redirect URIs `npm start` uses', () => {
    const config = loadDevIdpConfig({ NODE_ENV: 'development' });
    expect(config).toMatchObject({
      DEV_IDP_ISSUER: 'http://127.0.0.1:4100',
      DEV_IDP_PORT: 4100,
      DEV_IDP_HOST: '127.0.0.1',
      DEV_IDP_CLIENT_ID: 'salestrail-web',
      AUTH_AUDIENCE: 'salestrail',
      DEV_IDP_RESOURCE: 'urn:salestrail:api',
      redirectUris: ['http://127.0.0.1:4000/auth/callback', 'http://localhost:4000/auth/callback'],
      postLogoutRedirectUris: ['http://127.0.0.1:4000/', 'http://localhost:4000/'],
    });
    expect(config.DEV_IDP_PASSWORD).toBeUndefined();
    expect(config.DEV_IDP_PEOPLE_FILE).toBe(path.resolve(__dirname, '../people.json'));
  });

  it('derives the issuer from the port, takes the app origins and the audience from the environment', () => {
    const config = loadDevIdpConfig({
      NODE_ENV: 'test',
      DEV_IDP_PORT: '4555',
      DEV_IDP_APP_ORIGINS: ' http://127.0.0.1:4999/ , https://app.example.com/path ',
      AUTH_AUDIENCE: 'crm-api',
      DEV_IDP_PASSWORD: '',
    });
    expect(config.DEV_IDP_ISSUER).toBe('http://127.0.0.1:4555');
    expect(config.AUTH_AUDIENCE).toBe('crm-api');
    expect(config.DEV_IDP_PASSWORD).toBeUndefined();
    expect(config.redirectUris).toEqual([
      'http://127.0.0.1:4999/auth/callback',
      'https://app.example.com/auth/callback',
    ]);
    expect(
      loadDevIdpConfig({ NODE_ENV: 'test', DEV_IDP_ISSUER: 'http://idp.local:8080/' }).DEV_IDP_ISSUER,
    ).toBe('http://idp.local:8080');
  });

  it('refuses production, which an unset NODE_ENV means', () => {
    for (const env of [{}, { NODE_ENV: 'production' }]) {
      expect(() => loadDevIdpConfig(env)).toThrow(ConfigError);
      expect(() => loadDevIdpConfig(env)).toThrow(/does not run in production/);
    }
  });

  it('names the variable at fault', () => {
    expect(() => loadDevIdpConfig({ NODE_ENV: 'development', DEV_IDP_PORT: 'x' })).toThrow(/DEV_IDP_PORT/);
    expect(() => loadDevIdpConfig({ NODE_ENV: 'development', DEV_IDP_APP_ORIGINS: 'not a url' })).toThrow(
      /DEV_IDP_APP_ORIGINS/,
    );
    expect(() => loadDevIdpConfig({ NODE_ENV: 'development', DEV_IDP_APP_ORIGINS: ' , ' })).toThrow(
      /DEV_IDP_APP_ORIGINS/,
    );
    expect(() => loadDevIdpConfig({ NODE_ENV: 'development', DEV_IDP_RESOURCE: 'salestrail' })).toThrow(
      /DEV_IDP_RESOURCE/,
    );
    expect(() => loadDevIdpConfig({ NODE_ENV: 'development', DEV_IDP_ISSUER: 'ftp://idp' })).toThrow(
      /DEV_IDP_ISSUER/,
    );
  });
});

describe('the development people', () => {
  it('are the cast npm start puts in the directory: one per role, with Chinese names and addresses', () => {
    const people = loadPeople(loadDevIdpConfig({ NODE_ENV: 'test' }).DEV_IDP_PEOPLE_FILE);
    expect(people.map((p) => [p.sub, p.name, p.role, p.team])).toEqual([
      ['rep-1', '李明', 'SALES_REP', 'team-east'],
      ['manager-1', '陈经理', 'SALES_MANAGER', 'team-east'],
      ['assistant-1', '王助理', 'TEAM_ASSISTANT', 'team-east'],
      ['marketing-1', '刘芳', 'MARKETING', null],
      ['aftersales-1', '赵强', 'AFTER_SALES', null],
      ['admin-1', '孙伟', 'ADMIN', null],
    ]);
    expect(people.every((p) => /@example\.com$/.test(p.email))).toBe(true);
  });

  it('a file with an unknown role or the same person twice is refused, naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dev-idp-people-'));
    try {
      const file = path.join(dir, 'people.json');
      const person = { sub: 'a', name: '甲', role: 'SALES_REP', team: 't', email: 'a@example.com' };
      writeFileSync(file, JSON.stringify({ people: [{ ...person, role: 'CEO' }] }));
      expect(() => loadPeople(file)).toThrow(/DEV_IDP_PEOPLE_FILE.*people\.0\.role/);
      writeFileSync(file, JSON.stringify({ people: [person, person] }));
      expect(() => loadPeople(file)).toThrow(/each sub once/);
      expect(() => loadPeople(path.join(dir, 'missing.json'))).toThrow(/cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
