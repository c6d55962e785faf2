import { useQuery } from '@apollo/client';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { FunnelDimension } from '../../gql/graphql';
import { useEnumLabels } from '../../ui/labels';
import type { GroupKeyLike } from './params';
import './texts';

const AnalyticsPersonQuery = graphql(`
  query AnalyticsPerson($id: ID!) {
    user(id: $id) {
      id
      name
    }
  }
`);

const AnalyticsTeamsQuery = graphql(`
  query AnalyticsTeams {
    teams {
      id
      name
    }
  }
`);

const AnalyticsIndustryQuery = graphql(`
  query AnalyticsIndustry($code: String!, $locale: String) {
    industries(search: $code, locale: $locale) {
      code
      name
    }
  }
`);

function PersonName({ id }: { id: string }) {
  const { data } = useQuery(AnalyticsPersonQuery, { variables: { id }, fetchPolicy: 'cache-first' });
  return <>{data?.user?.name ?? id}</>;
}

export function useTeams() {
  const { data } = useQuery(AnalyticsTeamsQuery, { fetchPolicy: 'cache-first' });
  return data?.teams ?? [];
}

function TeamName({ id }: { id: string }) {
  const teams = useTeams();
  return <>{teams.find((t) => t.id === id)?.name ?? id}</>;
}

function IndustryName({ code }: { code: string }) {
  const { i18n } = useTranslation();
  const { data } = useQuery(AnalyticsIndustryQuery, {
    variables: { code, locale: i18n.language },
    fetchPolicy: 'cache-first',
  });
  const name = data?.industries.find((i) => i.code === code)?.name;
  return <>{name ? `${name}（${code}）` : code}</>;
}

/** A report group's name in words: the person, the team, the industry or the channel it stands for. */
export function GroupName({
  dimension,
  groupKey,
}: {
  dimension: FunnelDimension | null;
  groupKey: GroupKeyLike;
}) {
  const { t } = useTranslation();
  const { labelOf } = useEnumLabels();
  switch (dimension) {
    case 'OWNER':
      return groupKey.ownerId ? <PersonName id={groupKey.ownerId} /> : <>{t('analytics.unknown')}</>;
    case 'TEAM':
      return groupKey.teamId ? <TeamName id={groupKey.teamId} /> : <>{t('analytics.unknown')}</>;
    case 'INDUSTRY':
      return groupKey.industryCode ? (
        <IndustryName code={groupKey.industryCode} />
      ) : (
        <>{t('analytics.unknown')}</>
      );
    case 'SOURCE_CHANNEL':
      return (
        <>
          {groupKey.sourceChannel ? labelOf('SourceChannel', groupKey.sourceChannel) : t('analytics.unknown')}
        </>
      );
    default:
      return <>{t('analytics.all')}</>;
  }
}

/** The person's name as text (for chart labels, which cannot hold components). */
export function usePersonNames(ids: readonly string[]): Map<string, string> {
  const { data } = useQuery(AnalyticsPeopleQuery, {
    variables: { first: 100 },
    fetchPolicy: 'cache-first',
    skip: ids.length === 0,
  });
  const names = new Map<string, string>();
  for (const edge of data?.users.edges ?? []) names.set(edge.node.id, edge.node.name);
  return names;
}

const AnalyticsPeopleQuery = graphql(`
  query AnalyticsPeople($first: Int) {
    users(first: $first) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);
