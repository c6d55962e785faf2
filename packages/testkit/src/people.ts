import type { Role } from '@salestrail/contract';
import { devToken, type TestSystem } from './system';

export interface SeedPerson {
  id: string;
  name: string;
  role: Role;
  email?: string;
}

export interface SeededTeam {
  teamId: string;
  /** A development token per person, carrying their name. */
  tokens: Record<string, string>;
}

const ADD_USER = `mutation ($input: AddUserInput!) { addUser(input: $input) { id } }`;
const UPSERT_TEAM = `mutation ($input: TeamInput!) { upsertTeam(input: $input) { id } }`;

/**
 * A team and its people in the directory, added through the gateway the way an ADMIN does, read like
 * the domain: `await seedPeople(system, admin).team('team-east', '华东销售组').manager('mgr-1', '陈经理')
 * .rep('rep-1', '李明').create()`. `create` upserts the team (with its manager and assistant), adds each
 * person, and waits until records holds them, so they can be named as owners at once.
 */
export function seedPeople(system: TestSystem, adminToken: string) {
  return {
    team(teamId: string, name = teamId) {
      const people: SeedPerson[] = [];
      const builder = {
        rep: (id: string, personName: string, email?: string) => add({ id, name: personName, role: 'SALES_REP', email }),
        manager: (id: string, personName: string, email?: string) => add({ id, name: personName, role: 'SALES_MANAGER', email }),
        assistant: (id: string, personName: string, email?: string) => add({ id, name: personName, role: 'TEAM_ASSISTANT', email }),
        async create(): Promise<SeededTeam> {
          const manager = people.find((p) => p.role === 'SALES_MANAGER');
          const assistant = people.find((p) => p.role === 'TEAM_ASSISTANT');
          await must(system, adminToken, UPSERT_TEAM, {
            input: { id: teamId, name, managerId: manager?.id ?? null, assistantId: assistant?.id ?? null },
          });
          const tokens: Record<string, string> = {};
          for (const p of people) {
            await must(system, adminToken, ADD_USER, { input: { id: p.id, name: p.name, role: p.role, teamId, email: p.email ?? null } });
            tokens[p.id] = await devToken(p.role, p.id, teamId, { name: p.name, ...(p.email ? { email: p.email } : {}) });
          }
          await system.recordsKnow(people.map((p) => p.id));
          return { teamId, tokens };
        },
      };
      function add(p: SeedPerson) {
        people.push(p);
        return builder;
      }
      return builder;
    },
  };
}

async function must(system: TestSystem, token: string, query: string, variables: Record<string, unknown>): Promise<void> {
  const res = await system.graphql(token, query, variables);
  if (res.errors?.length) throw new Error(`seeding failed: ${query.slice(0, 40)} → ${JSON.stringify(res.errors)}`);
}
