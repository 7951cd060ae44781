import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { Provider } from 'urql';
import { SignIn } from '../features/auth/SignIn';
import { logout, refresh } from '../lib/accounts';
import { createApiClient } from '../lib/client';
import { I18nProvider, useI18n } from '../lib/i18n';
import { LabelsProvider } from '../lib/labels';
import type { Session } from '../lib/session';
import { ConsoleRoutes } from './ConsoleRoutes';
import { SessionContext } from './SessionContext';
import { theme } from './theme';

/** Renew an account's access token this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

function Signed() {
  const { language, t } = useI18n();
  // A session is renewed from its refresh cookie ('checking' until the server says whether there is one).
  const [session, setSession] = useState<Session | null | 'checking'>('checking');
  // Sign-in, refresh and sign-out go without an Authorization header: an expired one would refuse them.
  const accounts = useMemo(() => createApiClient(null, () => undefined), []);
  const signIn = useCallback((next: Session | null) => setSession(next), []);
  const signOut = useCallback(() => {
    void logout(accounts);
    signIn(null);
  }, [accounts, signIn]);
  const client = useMemo(() => createApiClient(session === 'checking' ? null : (session?.token ?? null), () => signIn(null)), [session, signIn]);

  useEffect(() => {
    if (session === 'checking') void refresh(accounts).then(signIn);
    else if (session) {
      const timer = setTimeout(() => void refresh(accounts).then(signIn), Math.max(0, session.expiresAt - Date.now() - RENEW_BEFORE_MS));
      return () => clearTimeout(timer);
    }
  }, [session, accounts, signIn]);

  return (
    <ConfigProvider locale={language === 'zh' ? zhCN : enUS} theme={theme}>
      <AntApp>
        <Provider value={client}>
          <LabelsProvider>
            {session === 'checking' ? (
              <Spin fullscreen description={t('loading')} />
            ) : session ? (
              <SessionContext.Provider value={{ session, signOut }}>
                <ConsoleRoutes />
              </SessionContext.Provider>
            ) : (
              <SignIn onSignedIn={signIn} accounts={accounts} />
            )}
          </LabelsProvider>
        </Provider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <BrowserRouter>
        <Signed />
      </BrowserRouter>
    </I18nProvider>
  );
}
