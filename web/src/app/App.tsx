import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useCallback, useMemo, useState } from 'react';
import { BrowserRouter } from 'react-router-dom';
import { Provider } from 'urql';
import { SignIn } from '../features/auth/SignIn';
import { createApiClient } from '../lib/client';
import { I18nProvider, useI18n } from '../lib/i18n';
import { LabelsProvider } from '../lib/labels';
import { loadSession, saveSession, Session } from '../lib/session';
import { ConsoleRoutes } from './ConsoleRoutes';
import { SessionContext } from './SessionContext';
import { theme } from './theme';

function Signed() {
  const { language } = useI18n();
  const [session, setSession] = useState<Session | null>(loadSession);
  const signOut = useCallback(() => {
    saveSession(null);
    setSession(null);
  }, []);
  const client = useMemo(() => createApiClient(session?.token ?? null, signOut), [session, signOut]);
  return (
    <ConfigProvider locale={language === 'zh' ? zhCN : enUS} theme={theme}>
      <AntApp>
        <Provider value={client}>
          <LabelsProvider>
            {session ? (
              <SessionContext.Provider value={{ session, signOut }}>
                <ConsoleRoutes />
              </SessionContext.Provider>
            ) : (
              <SignIn
                onSignedIn={(next) => {
                  saveSession(next);
                  setSession(next);
                }}
              />
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
