import type { ConfigProviderProps } from 'antd/es/config-provider';

/**
 * Ant Design's settings for the whole app (and the component tests): the default theme, with the
 * primary and info blue, the error red, the success green, the warning text and the secondary greys darker so that text on
 * white (or on the tags' pale fills) meets WCAG AA contrast (4.5:1; the defaults #1677ff, #ff4d4f,
 * #52c41a, #faad14 and 45 % black fall short), and no spaces
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
      colorInfo: BRAND_BLUE,
      colorWarningText: '#ad4e00',
      colorError: '#cf1322',
      colorSuccess: '#237804',
      colorTextDescription: 'rgba(0, 0, 0, 0.62)',
      colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
      colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    },
  },
};
