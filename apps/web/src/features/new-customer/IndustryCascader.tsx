import { useApolloClient, useQuery } from '@apollo/client';
import { Cascader } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { matchesIndustry, toOption, withChildren, withEntry, type IndustryOption } from './industryTree';

const IndustrySectionsQuery = graphql(`
  query IndustrySections($locale: String) {
    industries(level: SECTION, locale: $locale) {
      code
      name
      hasChildren
    }
  }
`);

const IndustryChildrenQuery = graphql(`
  query IndustryChildren($parent: String!, $locale: String) {
    industries(parent: $parent, locale: $locale) {
      code
      name
      hasChildren
    }
  }
`);

const IndustrySearchQuery = graphql(`
  query IndustrySearch($search: String!, $locale: String) {
    industries(search: $search, locale: $locale) {
      code
      name
      hasChildren
      pathCodes
      pathNames
    }
  }
`);

interface Props {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  status?: '' | 'error' | 'warning';
  'aria-label'?: string;
}

/**
 * 所属行业 as GB/T 4754-2017 at its four levels, from the API: browse section by section, or type a
 * name or a code and pick from the matches wherever they lie. Any level below the section may be kept.
 */
export function IndustryCascader({ id, value, onChange, status, ...rest }: Props) {
  const { t, i18n } = useTranslation();
  const client = useApolloClient();
  const [options, setOptions] = useState<IndustryOption[]>([]);
  const [search, setSearch] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const { data, loading } = useQuery(IndustrySectionsQuery, { variables: { locale: i18n.language } });
  useEffect(() => {
    if (data) setOptions(data.industries.map(toOption));
  }, [data]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const loadData = async (selected: { value?: string | number | null }[]) => {
    const path = selected.map((o) => String(o.value));
    const parent = path[path.length - 1];
    if (!parent) return;
    const { data: below } = await client.query({ query: IndustryChildrenQuery, variables: { parent, locale: i18n.language } });
    setOptions((tree) => withChildren(tree, path, below.industries.map(toOption)));
  };

  const onSearch = (text: string) => {
    setSearch(text);
    clearTimeout(timer.current);
    if (text.trim().length < 1) return;
    timer.current = setTimeout(() => {
      void client.query({ query: IndustrySearchQuery, variables: { search: text.trim(), locale: i18n.language } }).then(({ data: found }) => {
        setOptions((tree) => found.industries.reduce((acc, entry) => withEntry(acc, entry), tree));
      });
    }, 250);
  };

  return (
    <Cascader
      id={id}
      aria-label={rest['aria-label']}
      status={status}
      options={options}
      value={value}
      onChange={(next) => {
        setSearch('');
        onChange?.((next ?? []).map(String));
      }}
      loadData={(selected) => void loadData(selected)}
      changeOnSelect
      loading={loading}
      searchValue={search}
      showSearch={{ filter: matchesIndustry, limit: 50 }}
      onSearch={onSearch}
      placeholder={t('newCustomer.industryPlaceholder')}
      displayRender={(labels) => labels.join(' / ')}
      style={{ width: '100%' }}
      notFoundContent={t('newCustomer.industryNone')}
    />
  );
}
