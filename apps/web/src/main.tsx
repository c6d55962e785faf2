import '@ant-design/v5-patch-for-react-19';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App, preloadScreen } from './app/App';
import { loadAppConfig } from './app/config';
import { initI18n, loadLocale } from './i18n';

const i18n = initI18n();
preloadScreen(window.location.pathname);
dayjs.locale(i18n.language === 'en' ? 'en' : 'zh-cn');
const root = createRoot(document.getElementById('root')!);

// English, when chosen, is fetched alongside the configuration and is there before the first render.
Promise.all([loadAppConfig(), loadLocale(i18n.language === 'en' ? 'en' : 'zh-CN').catch(() => undefined)]).then(
  ([config]) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (error: Error) => {
    root.render(<p role="alert">{i18n.t('app.configFailed', { message: error.message })}</p>);
  },
);
