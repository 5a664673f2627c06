import '@mantine/core/styles.css';
import './app/app.css';
import { MantineProvider } from '@mantine/core';
import { z } from 'zod';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app/App';
import { createAppStores, StoresProvider } from './app/context';
import { cssVariablesResolver, theme } from './app/theme';
import { i18n } from './i18n';
import { selectTransport } from './transport/select';

// zod probes `new Function` for its fast path; the CSP (no 'unsafe-eval') forbids it, so say so
// up front instead of logging a CSP violation on every start.
z.config({ jitless: true });

document.documentElement.lang = i18n.language;
const stores = createAppStores(selectTransport(window), window);

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing in index.html');

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
        <StoresProvider stores={stores}>
          <App />
        </StoresProvider>
      </MantineProvider>
    </I18nextProvider>
  </StrictMode>,
);
