import { readFileSync } from 'node:fs';
import { ROLES, type Role } from '@salestrail/contract';
import { ConfigError, z } from '@salestrail/platform/dist/config';

/** One person one can sign in as, with the claims their tokens carry. */
export interface Person {
  sub: string;
  name: string;
  role: Role;
  team: string | null;
  email: string;
}

const peopleFileSchema = z.object({
  people: z
    .array(
      z.object({
        sub: z.string().min(1).max(128),
        name: z.string().min(1),
        role: z.enum(ROLES),
        team: z.string().min(1).nullable(),
        email: z.email(),
      }),
    )
    .min(1)
    .refine((people) => new Set(people.map((p) => p.sub)).size === people.length, 'each sub once'),
});

/** The development people (packages/dev-idp/people.json, the list `npm start` also puts in the directory). */
export function loadPeople(file: string): Person[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`DEV_IDP_PEOPLE_FILE: cannot read ${file}: ${(error as Error).message}`]);
  }
  const result = peopleFileSchema.safeParse(parsed);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `DEV_IDP_PEOPLE_FILE (${file}) ${i.path.join('.')}: ${i.message}`),
    );
  }
  return result.data.people;
}

/** Chinese and English names of the roles, for the sign-in page. */
export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  SALES_REP: { zh: '销售代表', en: 'Sales rep' },
  SALES_MANAGER: { zh: '销售经理', en: 'Sales manager' },
  TEAM_ASSISTANT: { zh: '团队助理', en: 'Team assistant' },
  MARKETING: { zh: '市场', en: 'Marketing' },
  AFTER_SALES: { zh: '售后', en: 'After-sales' },
  ADMIN: { zh: '管理员', en: 'Administrator' },
};
