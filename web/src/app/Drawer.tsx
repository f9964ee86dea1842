import { useEffect, useRef, type ReactNode } from 'react';
import { useIsPhone } from './useMediaQuery';
import './layout.css';

interface Props {
  id: string;
  label: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A sidebar on wide screens; on a phone a drawer over the page, opened by the header's menu button. Open, it takes
 * focus, and Escape or a tap on the dimmed page closes it and gives focus back to whatever opened it.
 */
export function Drawer({ id, label, open, onClose, children }: Props) {
  const isPhone = useIsPhone();
  const panel = useRef<HTMLElement>(null);
  const drawerOpen = isPhone && open;

  useEffect(() => {
    if (!drawerOpen) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.querySelector<HTMLElement>('input, button:not(:disabled), a[href]')?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) onClose();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      // Back to the menu button unless the drawer closed because the reader went somewhere with focus.
      if (!panel.current?.contains(document.activeElement) && document.activeElement !== document.body) return;
      opener?.focus();
    };
  }, [drawerOpen, onClose]);

  return (
    <>
      <nav
        id={id}
        ref={panel}
        className={`session-list${drawerOpen ? ' open' : ''}`}
        aria-label={label}
        data-drawer={isPhone ? (open ? 'open' : 'closed') : undefined}
        // A closed drawer is off screen: keep it out of the tab order and the accessibility tree too.
        inert={isPhone && !open}
        // Following a link in it (picking a chat) closes it; deleting or renaming chats keeps it open.
        onClick={(event) => {
          if (drawerOpen && event.target instanceof Element && event.target.closest('a[href]')) onClose();
        }}
      >
        {children}
      </nav>
      {drawerOpen && <div className="drawer-backdrop" data-testid="drawer-backdrop" onClick={onClose} aria-hidden="true" />}
    </>
  );
}
