import { EditOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The drawer (its form, date pickers and selects) is not part of the first screen: its code loads when the
 * person shows the intent to log (pointer on or focus in the button, the key) and is shown once loaded.
 */
const loadDrawer = () => import('./LogInteractionDrawer');
const LogInteractionDrawer = lazy(() => loadDrawer().then((m) => ({ default: m.LogInteractionDrawer })));

/** The one key that opens the drawer from anywhere on the page (not while typing or in a dialog). */
export const LOG_KEY = 'l';

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** `L` opens it, unless the person is typing, holds a modifier, or a dialog or drawer is open. */
export function useLogHotkey(onPress: () => void, enabled = true): void {
  useEffect(() => {
    if (!enabled) return undefined;
    const listener = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== LOG_KEY || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      if (typingIn(e.target) || document.querySelector('.ant-drawer-open, .ant-modal-wrap:not([style*="display: none"])')) return;
      e.preventDefault();
      onPress();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [onPress, enabled]);
}

/** Calls `onMounted` once its children (the lazily loaded drawer) are on the page. */
function Mounted({ onMounted, children }: { onMounted: () => void; children: ReactNode }) {
  useEffect(onMounted, [onMounted]);
  return <>{children}</>;
}

/** [记录沟通] with its drawer and its key: on the customer page for that customer, on the workbench for any. */
export function LogInteractionButton({
  customer,
  block,
  compact,
}: {
  customer?: { id: string; name: string } | null;
  block?: boolean;
  /** A small button in a list (one of many): no key of its own, its name says which customer. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  // The drawer is put on the page closed (once its code is there) and then opened: opening it is then the
  // same as every later time (its first field takes the focus), not a drawer that appears already open.
  const [used, setUsed] = useState(false);
  const [ready, setReady] = useState(false);
  const [wanted, setWanted] = useState(false);
  const open = wanted && ready;
  const show = () => {
    setUsed(true);
    setWanted(true);
  };
  const prepare = () => {
    void loadDrawer();
    setUsed(true);
  };
  const mounted = useCallback(() => setReady(true), []);
  useLogHotkey(show, !open && !compact);
  return (
    <>
      {compact ? (
        <Button
          size="small"
          icon={<EditOutlined />}
          onClick={show}
          onPointerEnter={prepare}
          onFocus={prepare}
          aria-label={customer ? `${t('logInteraction.open')} · ${customer.name}` : undefined}
        >
          {t('logInteraction.open')}
        </Button>
      ) : (
        <Tooltip title={t('logInteraction.keyHint')}>
          <Button type="primary" icon={<EditOutlined />} onClick={show} onPointerEnter={prepare} onFocus={prepare} block={block} aria-keyshortcuts="L">
            {t('logInteraction.open')}
          </Button>
        </Tooltip>
      )}
      {used && (
        <Suspense fallback={null}>
          <Mounted onMounted={mounted}>
            <LogInteractionDrawer open={open} onClose={() => setWanted(false)} customer={customer} />
          </Mounted>
        </Suspense>
      )}
    </>
  );
}
