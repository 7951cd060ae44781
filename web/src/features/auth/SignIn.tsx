import { GlobalOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Layout, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Client, useClient } from 'urql';
import { graphql } from '../../gql';
import { login } from '../../lib/accounts';
import { useI18n } from '../../lib/i18n';
import type { MessageId } from '../../lib/messages';
import { Session, sessionFromToken } from '../../lib/session';

// Any operation with a bad token is refused before execution (UNAUTHENTICATED), so this checks the token.
const CheckTokenQuery = graphql(`
  query CheckToken {
    enumLabels(enums: ["Unit"]) {
      value
    }
  }
`);

const REFUSALS: Record<string, MessageId> = { UNAUTHENTICATED: 'loginRefused', ACCOUNT_DISABLED: 'accountDisabled', RATE_LIMITED: 'loginRateLimited' };

/** Sign-in with an account (login name and password); an API token from `npm run token` can still be pasted. */
export function SignIn({ onSignedIn, accounts }: { onSignedIn(session: Session): void; accounts: Client }) {
  const { t, language, setLanguage } = useI18n();
  const client = useClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tab, setTab] = useState('account');

  async function signInWithAccount({ name, password }: { name: string; password: string }) {
    setBusy(true);
    const result = await login(accounts, name.trim(), password);
    setBusy(false);
    if ('session' in result) onSignedIn(result.session);
    else setProblem(t(REFUSALS[result.code] ?? 'error', { seconds: result.retryAfter ?? 60 }));
  }

  async function signInWithToken({ token }: { token: string }) {
    setBusy(true);
    const session = sessionFromToken(token);
    const result = session
      ? await client.query(CheckTokenQuery, {}, { requestPolicy: 'network-only', fetchOptions: { headers: { authorization: `Bearer ${session.token}` } } }).toPromise()
      : undefined;
    setBusy(false);
    if (!session || !result || result.error) setProblem(t('tokenInvalid'));
    else onSignedIn(session);
  }

  const failure = (key: string) => tab === key && problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />;
  return (
    <Layout style={{ minHeight: '100vh', alignItems: 'center', justifyContent: 'center', padding: 16 }}>
      <main style={{ width: '100%', maxWidth: 440 }}>
        <Card
          title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('appTitle')}</Typography.Title>}
          extra={
            <Button icon={<GlobalOutlined />} onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')} title={t('languageSwitch')}>
              {t('language')}
            </Button>
          }
        >
          <Tabs
            activeKey={tab}
            onChange={(key) => {
              setTab(key);
              setProblem(null);
            }}
            items={[
              {
                key: 'account',
                label: t('accountSignIn'),
                children: (
                  <Form name="account" layout="vertical" onFinish={signInWithAccount} requiredMark={false}>
                    <Form.Item name="name" label={t('loginName')} rules={[{ required: true, message: t('required') }]}>
                      <Input autoComplete="username" />
                    </Form.Item>
                    <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
                      <Input.Password autoComplete="current-password" />
                    </Form.Item>
                    {failure('account')}
                    <Button type="primary" htmlType="submit" block loading={busy}>
                      {t('signIn')}
                    </Button>
                  </Form>
                ),
              },
              {
                key: 'token',
                label: t('tokenSignIn'),
                children: (
                  <Form name="token" layout="vertical" onFinish={signInWithToken} requiredMark={false}>
                    <Form.Item name="token" label={t('tokenLabel')} extra={t('tokenHelp')} rules={[{ required: true, message: t('tokenRequired') }]}>
                      <Input.TextArea rows={4} autoComplete="off" spellCheck={false} />
                    </Form.Item>
                    {failure('token')}
                    <Button type="primary" htmlType="submit" block loading={busy}>
                      {t('signIn')}
                    </Button>
                  </Form>
                ),
              },
            ]}
          />
        </Card>
      </main>
    </Layout>
  );
}
