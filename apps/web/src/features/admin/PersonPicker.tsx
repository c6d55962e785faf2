import { useQuery } from '@apollo/client';
import type { SelectProps } from 'antd';
import { useState } from 'react';
import { graphql } from '../../gql';
import type { Role } from '../../gql/graphql';
import { FormSelect } from '../../ui/FormSelect';
import { useEnumLabels } from '../../ui/labels';

const PickPeopleQuery = graphql(`
  query AdminPickPeople($filter: UserFilter, $first: Int) {
    users(filter: $filter, first: $first) {
      edges {
        node {
          id
          name
          role
          teamId
        }
      }
    }
  }
`);

export interface PickedPerson {
  id: string;
  name: string;
}

/**
 * A person from the directory (active people only, unless `includeInactive`), searched on the server as the name is typed. The
 * current value's name comes from `current` until the list holds it.
 */
export function PersonPicker({
  current,
  exclude,
  roles,
  includeInactive = false,
  ...props
}: SelectProps & {
  current?: PickedPerson | null;
  exclude?: string;
  roles?: Role[];
  includeInactive?: boolean;
}) {
  const [search, setSearch] = useState('');
  const { labelOf } = useEnumLabels();
  const { data, loading } = useQuery(PickPeopleQuery, {
    variables: {
      filter: { active: includeInactive ? null : true, search: search.trim() || null },
      first: 50,
    },
  });
  const people = (data?.users.edges ?? [])
    .map((e) => e.node)
    .filter((p) => p.id !== exclude && (!roles || roles.includes(p.role)));
  const options = people.map((p) => ({ value: p.id, label: `${p.name} · ${labelOf('Role', p.role)}` }));
  if (current && !options.some((o) => o.value === current.id))
    options.unshift({ value: current.id, label: current.name });
  return (
    <FormSelect
      showSearch
      allowClear
      filterOption={false}
      onSearch={setSearch}
      loading={loading}
      options={options}
      {...props}
    />
  );
}
