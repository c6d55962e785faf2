import { EditOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LogInteractionDrawer } from './LogInteractionDrawer';

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
  const [open, setOpen] = useState(false);
  useLogHotkey(() => setOpen(true), !open && !compact);
  if (compact) {
    return (
      <>
        <Button size="small" icon={<EditOutlined />} onClick={() => setOpen(true)} aria-label={customer ? `${t('logInteraction.open')} · ${customer.name}` : undefined}>
          {t('logInteraction.open')}
        </Button>
        <LogInteractionDrawer open={open} onClose={() => setOpen(false)} customer={customer} />
      </>
    );
  }
  return (
    <>
      <Tooltip title={t('logInteraction.keyHint')}>
        <Button type="primary" icon={<EditOutlined />} onClick={() => setOpen(true)} block={block} aria-keyshortcuts="L">
          {t('logInteraction.open')}
        </Button>
      </Tooltip>
      <LogInteractionDrawer open={open} onClose={() => setOpen(false)} customer={customer} />
    </>
  );
}
