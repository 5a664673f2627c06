import { Badge, Button, Group, NativeSelect, NavLink, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouter, useSession, useStores } from '../../app/context';
import { routeToHash } from '../../app/router';
import { LANGUAGES, setLanguage, type Language } from '../../i18n';
import { NAV_ITEMS, navItemsFor, navKeyOf, SHORTCUT_COUNT, shortcutKey } from './navigation';
import { ScanFeedbackBanner } from '../scanner/ScanFeedbackBanner';
import { StatusBar } from './StatusBar';

/** The window: header (store, language, user, logout), left navigation, page, status bar. */
export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const route = useRouter((s) => s.route);
  const status = useSession((s) => s.status);
  const busy = useSession((s) => s.busy);
  const mainRef = useRef<HTMLElement>(null);
  const current = navKeyOf(route);
  const items = navItemsFor(status?.user?.roles ?? []);

  // The window title names the screen (task switchers, screen readers).
  const screenName = t(`nav.${current}`);
  useEffect(() => {
    document.title = `${screenName} – ${t('app.name')}`;
  }, [screenName, t]);

  useHotkeys(
    NAV_ITEMS.slice(0, SHORTCUT_COUNT).map((item, index) => [`alt+${shortcutKey(index)}`, () => stores.router.getState().navigate(item.route)]),
    [],
  );

  return (
    <div className="shell">
      <button type="button" className="skip-link" onClick={() => mainRef.current?.focus()}>
        {t('app.skipToContent')}
      </button>
      <header className="shell-header">
        <span className="shell-brand">{t('app.name')}</span>
        {status ? (
          <span className="shell-store" data-testid="header-store">
            {t('session.store', { id: status.store.id, name: status.store.name })}
          </span>
        ) : null}
        <span style={{ flex: 1 }} />
        <NativeSelect
          size="xs"
          aria-label={t('app.language')}
          value={i18n.language}
          onChange={(e) => setLanguage(e.currentTarget.value as Language)}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`app.languages.${l}`) }))}
        />
        {status?.user ? (
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="white" data-testid="header-user">
              {status.user.name}
            </Text>
            <Button size="compact-sm" variant="outline" color="white" onClick={() => void stores.session.getState().lock('manual')} data-testid="lock">
              {t('session.lock')}
            </Button>
            <Button size="compact-sm" variant="white" color="dark" loading={busy} onClick={() => void stores.session.getState().logout()}>
              {t('session.logout')}
            </Button>
          </Group>
        ) : null}
      </header>
      <nav className="shell-nav" aria-label={t('nav.label')}>
        {items.map((item, index) => (
          <NavLink
            key={item.key}
            href={routeToHash(item.route)}
            label={t(`nav.${item.key}`)}
            active={current === item.key}
            variant="filled"
            aria-current={current === item.key ? 'page' : undefined}
            aria-keyshortcuts={index < SHORTCUT_COUNT ? `Alt+${shortcutKey(index)}` : undefined}
            rightSection={
              item.coming ? (
                <Badge size="xs" variant="outline" color="gray.8" tt="none">
                  {t('nav.comingBadge')}
                </Badge>
              ) : null
            }
            onClick={(event) => {
              event.preventDefault();
              stores.router.getState().navigate(item.route);
            }}
          />
        ))}
      </nav>
      <main id="main" ref={mainRef} className="shell-main" tabIndex={-1}>
        {children}
      </main>
      <ScanFeedbackBanner />
      <StatusBar />
    </div>
  );
}
