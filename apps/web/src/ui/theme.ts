import type { ConfigProviderProps } from 'antd/es/config-provider';

/** Ant Design's settings for the whole app (and the component tests): default theme, no spaces inserted in two-character buttons. */
export const ANT_CONFIG: ConfigProviderProps = { componentSize: 'middle', button: { autoInsertSpace: false } };
