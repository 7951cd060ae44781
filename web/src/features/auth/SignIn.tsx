import { GlobalOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Layout, Typography } from 'antd';
import { useState } from 'react';
import type { Client } from 'urql';
import { login } from '../../lib/accounts';
import { useI18n } from '../../lib/i18n';
import type { MessageId } from '../../lib/messages';
import type { Session } from '../../lib/session';

const REFUSALS: Record<string, MessageId> = { UNAUTHENTICATED: 'loginRefused', ACCOUNT_DISABLED: 'accountDisabled', RATE_LIMITED: 'loginRateLimited' };

/** Sign-in with an account (login name and password). API tokens are for systems, not people: they call the API. */
export function SignIn({ onSignedIn, accounts }: { onSignedIn(session: Session): void; accounts: Client }) {
  const { t, language, setLanguage } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signInWithAccount({ name, password }: { name: string; password: string }) {
    setBusy(true);
    const result = await login(accounts, name.trim(), password);
    setBusy(false);
    if ('session' in result) onSignedIn(result.session);
    else setProblem(t(REFUSALS[result.code] ?? 'error', { seconds: result.retryAfter ?? 60 }));
  }

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
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('accountSignIn')}
          </Typography.Title>
          <Form name="account" layout="vertical" onFinish={signInWithAccount} requiredMark={false}>
            <Form.Item name="name" label={t('loginName')} rules={[{ required: true, message: t('required') }]}>
              <Input autoComplete="username" />
            </Form.Item>
            <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('signIn')}
            </Button>
          </Form>
        </Card>
      </main>
    </Layout>
  );
}
