import { registerTexts } from '../../i18n';
import en from './texts/en.json';
import zhCN from './texts/zh-CN.json';

// This feature's texts come with its screens' code, not with the first screen.
registerTexts({ 'zh-CN': zhCN, en });
