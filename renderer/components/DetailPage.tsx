import { Alert, Anchor } from '@mantine/core';
import type { ReactNode } from 'react';
import { useStores } from '../app/context';
import { routeToHash, type Route } from '../app/router';

/** "← Tillbaka till …" above a detail page: a real link (opens in the same window, reachable by Tab) that navigates in the app. */
export function BackLink({ to, children }: { to: Route; children: ReactNode }) {
  const stores = useStores();
  return (
    <Anchor
      href={routeToHash(to)}
      size="sm"
      onClick={(e) => {
        e.preventDefault();
        stores.router.getState().navigate(to);
      }}
    >
      ← {children}
    </Anchor>
  );
}

/** A detail page that could not be opened: the way back and why, read out by screen readers. */
export function PageError({ back, message, testId }: { back: ReactNode; message: ReactNode; testId?: string }) {
  return (
    <div>
      {back}
      <Alert color="red" variant="outline" role="alert" mt="sm" maw={640} data-testid={testId}>
        {message}
      </Alert>
    </div>
  );
}
