import { useQuery } from '@apollo/client';
import { graphql } from '../gql';
import { DEFAULT_TIMEZONE } from './format';

export const ViewerQuery = graphql(`
  query Viewer {
    me {
      id
      name
      role
      teamId
    }
    teams {
      id
      name
      timezone
      workdayEnd
    }
  }
`);

/** The signed-in person and their team's time zone (dates are shown and entered in it). */
export function useViewer() {
  const { data, loading, error } = useQuery(ViewerQuery, { fetchPolicy: 'cache-first' });
  const team = data?.teams.find((t) => t.id === data.me.teamId);
  return {
    me: data?.me ?? null,
    team: team ?? null,
    timezone: team?.timezone ?? DEFAULT_TIMEZONE,
    loading,
    error,
  };
}

/**
 * Whether the role edits customer records at all (MARKETING reads only, the assistant archives): the
 * screens then offer no button the server would refuse. The server still decides every case.
 */
export function canWriteRecords(role: string | null | undefined): boolean {
  return role === 'SALES_REP' || role === 'SALES_MANAGER' || role === 'AFTER_SALES' || role === 'ADMIN';
}
