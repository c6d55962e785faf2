import { ApolloClient, ApolloLink, ApolloProvider, InMemoryCache, Observable, type FetchResult } from '@apollo/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { initI18n } from '../i18n';

/**
 * What jsdom lacks and Ant Design uses: media queries (Grid breakpoints), ResizeObserver (text areas),
 * getComputedStyle on pseudo-elements (scroll bars).
 */
export function installDomShims(): void {
  if (!window.matchMedia) {
    Object.defineProperty(window, 'matchMedia', {
      writable: true,
      value: (query: string) => ({
        matches: /min-width:\s*(576|768|992|1200)px/.test(query),
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }),
    });
  }
  if (!('ResizeObserver' in window)) {
    (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
  const original = window.getComputedStyle;
  window.getComputedStyle = (el: Element, pseudo?: string | null) => original(el, pseudo ? undefined : pseudo);
}

export type Handler = (variables: Record<string, unknown>) => FetchResult;

/** One call the app made: the operation's name and its variables. */
export interface Call {
  operationName: string;
  variables: Record<string, unknown>;
}

/**
 * An Apollo client answering each operation by name from `handlers` (an operation without one fails
 * the test loudly), recording every call so a test can check what was, or was not, sent.
 */
export function testClient(handlers: Record<string, Handler>): { client: ApolloClient<unknown>; calls: Call[] } {
  const calls: Call[] = [];
  const link = new ApolloLink(
    (operation) =>
      new Observable<FetchResult>((observer) => {
        calls.push({ operationName: operation.operationName, variables: operation.variables });
        const handler = handlers[operation.operationName];
        if (!handler) {
          observer.error(new Error(`no test handler for ${operation.operationName}`));
          return;
        }
        // answer after the current task, like a network would
        setTimeout(() => {
          observer.next(handler(operation.variables));
          observer.complete();
        }, 0);
      }),
  );
  const client = new ApolloClient({ link, cache: new InMemoryCache(), defaultOptions: { query: { fetchPolicy: 'network-only' } } });
  return { client, calls };
}

export function Providers({ client, children, path = '/' }: { client: ApolloClient<unknown>; children: ReactNode; path?: string }) {
  initI18n('zh-CN');
  return (
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <ApolloProvider client={client}>
          <MemoryRouter initialEntries={[path]}>{children}</MemoryRouter>
        </ApolloProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/**
 * The Viewer query's answer: this person (of team-east unless `teamId` says otherwise), and team-east in
 * Shanghai's time zone, named 华东销售 unless `teamName` says otherwise.
 */
export function viewerAs(
  role: string,
  id: string,
  name: string,
  options: { teamId?: string | null; teamName?: string } = {},
): Handler {
  const teamId = options.teamId === undefined ? 'team-east' : options.teamId;
  return () => ({
    data: {
      me: { id, name, role, teamId },
      teams: [{ id: 'team-east', name: options.teamName ?? '华东销售', timezone: 'Asia/Shanghai', workdayEnd: '18:00' }],
    },
  });
}

/** The EnumLabels query's answer, from [enum, value, label] rows. */
export function enumLabelsOf(rows: ReadonlyArray<readonly [string, string, string]>): Handler {
  return () => ({ data: { enumLabels: rows.map(([e, value, label]) => ({ enum: e, value, label })) } });
}

/** The signed-in salesperson and their team (Asia/Shanghai, work ends 18:00), and the enum labels used. */
export const viewerHandlers: Record<string, Handler> = {
  Viewer: viewerAs('SALES_REP', 'dev-sales-rep', '李明'),
  EnumLabels: enumLabelsOf([
    ['InteractionMethod', 'PHONE_CALL', '电话'],
    ['InteractionMethod', 'IN_PERSON_MEETING', '面谈'],
    ['InteractionMethod', 'VIDEO_MEETING', '视频会议'],
    ['NeedKind', 'EXPLICIT', '明确需求'],
    ['NeedKind', 'INFERRED', '潜在需求'],
    ['CustomerKind', 'ENTERPRISE', '企业'],
    ['CustomerKind', 'INDIVIDUAL', '个人'],
    ['SourceChannel', 'TRADE_SHOW', '展会推荐'],
    ['ContactRole', 'DECISION_MAKER', '决策人'],
    ['ContactRole', 'EXECUTOR', '执行人'],
    ['SalesStage', 'LEAD_NURTURING', '线索培育'],
  ]),
};

/** A GraphQL error as the gateway sends it. */
export function badInput(field: string, reason: string, message = reason, code = 'BAD_USER_INPUT'): FetchResult {
  return { errors: [{ message, extensions: { code, field, reason } }] } as unknown as FetchResult;
}
