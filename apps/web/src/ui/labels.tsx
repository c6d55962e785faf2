import { useQuery } from '@apollo/client';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';

const EnumLabelsQuery = graphql(`
  query EnumLabels($locale: String) {
    enumLabels(locale: $locale) {
      enum
      value
      label
    }
  }
`);

export type LabelOf = (enumName: string, value: string | null | undefined) => string;

/**
 * The API's own words for every enum value (stages, channels, methods, roles…) in the current language;
 * while they load, the value itself.
 */
export function useEnumLabels(): { labelOf: LabelOf; valuesOf: (enumName: string) => string[]; loading: boolean } {
  const { i18n } = useTranslation();
  const { data, loading } = useQuery(EnumLabelsQuery, { variables: { locale: i18n.language }, fetchPolicy: 'cache-first' });
  const map = new Map<string, string>();
  const values = new Map<string, string[]>();
  for (const l of data?.enumLabels ?? []) {
    map.set(`${l.enum}.${l.value}`, l.label);
    const list = values.get(l.enum) ?? [];
    list.push(l.value);
    values.set(l.enum, list);
  }
  return {
    labelOf: (enumName, value) => (value ? (map.get(`${enumName}.${value}`) ?? value) : ''),
    valuesOf: (enumName) => values.get(enumName) ?? [],
    loading,
  };
}
