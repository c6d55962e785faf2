import type { ConfigProviderProps } from 'antd/es/config-provider';

/**
 * Ant Design's settings for the whole app (and the component tests): the default theme, with the
 * primary blue, the error red and the secondary greys one step darker so that text on white meets
 * WCAG AA contrast (4.5:1; the defaults #1677ff, #ff4d4f and 45 % black fall short), and no spaces
 * inserted in two-character buttons.
 */
export const BRAND_BLUE = '#0958d9';

export const ANT_CONFIG: ConfigProviderProps = {
  componentSize: 'middle',
  button: { autoInsertSpace: false },
  theme: {
    token: {
      colorPrimary: BRAND_BLUE,
      colorLink: BRAND_BLUE,
      colorError: '#cf1322',
      colorTextDescription: 'rgba(0, 0, 0, 0.62)',
      colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
      colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    },
  },
};
