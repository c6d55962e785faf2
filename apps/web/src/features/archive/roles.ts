/**
 * Who archives (form step 6: the team assistant, and the manager who may stand in; ADMIN anywhere). The
 * navigation shows 归档 to them only; the server still decides every case.
 */
export const ARCHIVE_ROLES: readonly string[] = ['TEAM_ASSISTANT', 'SALES_MANAGER', 'ADMIN'];

export function canArchive(role: string | null | undefined): boolean {
  return !!role && ARCHIVE_ROLES.includes(role);
}
