import { DEFAULT_LOCALE, type LocaleValue } from '@salestrail/contract';
import { Messages, knownLocale, msg, parseLocale, type Message, type MessageParam, type RenderOptions } from '@salestrail/platform';
import type { WorkflowContext } from '../context';
import { UNKNOWN_PERSON } from '../directory/names';
import * as en from './en';
import * as zhCN from './zh-CN';

/** Workflow's catalogues (namespace `workflow`) with the shared ones, through one i18next instance. */
export const messages = new Messages({ 'zh-CN': { workflow: zhCN.workflow }, en: { workflow: en.workflow } });

/** `workflow:<key>` with its values. */
export function wf(key: string, params?: Record<string, MessageParam>): Message {
  return msg(`workflow:${key}`, params);
}

/** A person the directory does not hold is named in the reader's language, never by id. */
function named(value: MessageParam): MessageParam {
  if (value === UNKNOWN_PERSON) return msg('common:unknownPerson');
  if (Array.isArray(value)) return value.map((v: MessageParam) => named(v));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const m = value as Message;
    return m.params ? msg(m.key, Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, named(v)]))) : m;
  }
  return value;
}

/** A text as its reader reads it: a catalogue message written in `locale`, or a text already written. */
export function writeText(locale: LocaleValue, text: Message | string, options: RenderOptions = {}): string {
  return messages.render(locale, typeof text === 'string' ? text : (named(text) as Message), options);
}

/**
 * The language a field is written in for the caller: the `locale` argument when given, else the caller's
 * language in the directory, else zh-CN.
 */
export async function readerLocale(ctx: WorkflowContext, locale: string | null | undefined): Promise<LocaleValue> {
  if (locale !== null && locale !== undefined) return parseLocale(locale);
  const me = await ctx.loaders.user.load(ctx.actor.userId);
  return me ? knownLocale(me.locale) : DEFAULT_LOCALE;
}
