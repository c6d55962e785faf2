import { EditOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
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

/** [记录沟通] with its drawer and its key: on the customer page for that customer, on the workbench for any. */
export function LogInteractionButton({ customer, block }: { customer?: { id: string; name: string } | null; block?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  // Mounted from the first opening on, so that closing keeps the drawer's closing animation.
  const [used, setUsed] = useState(false);
  const show = () => {
    setUsed(true);
    setOpen(true);
  };
  useLogHotkey(show, !open);
  return (
    <>
      <Tooltip title={t('logInteraction.keyHint')}>
        <Button
          type="primary"
          icon={<EditOutlined />}
          onClick={show}
          onPointerEnter={() => void loadDrawer()}
          onFocus={() => void loadDrawer()}
          block={block}
          aria-keyshortcuts="L"
        >
          {t('logInteraction.open')}
        </Button>
      </Tooltip>
      {used && (
        <Suspense fallback={null}>
          <LogInteractionDrawer open={open} onClose={() => setOpen(false)} customer={customer} />
        </Suspense>
      )}
    </>
  );
}
