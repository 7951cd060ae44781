import { GlobalOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Layout, Typography } from 'antd';
import { useState } from 'react';
import { useClient } from 'urql';
import { graphql } from '../../gql';
import { useI18n } from '../../lib/i18n';
import { Session, sessionFromToken } from '../../lib/session';

// Any operation with a bad token is refused before execution (UNAUTHENTICATED), so this checks the token.
const CheckTokenQuery = graphql(`
  query CheckToken {
    enumLabels(enums: ["Unit"]) {
      value
    }
  }
`);

/** Until accounts exist, a user signs in with a token an administrator minted (npm run token). */
export function SignIn({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const { t, language, setLanguage } = useI18n();
  const client = useClient();
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit({ token }: { token: string }) {
    setBusy(true);
    const session = sessionFromToken(token);
    const result = session
      ? await client.query(CheckTokenQuery, {}, { requestPolicy: 'network-only', fetchOptions: { headers: { authorization: `Bearer ${session.token}` } } }).toPromise()
      : undefined;
    setBusy(false);
    if (!session || !result || result.error) {
      setFailed(true);
      return;
    }
    onSignedIn(session);
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
          <Form layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="token" label={t('tokenLabel')} extra={t('tokenHelp')} rules={[{ required: true, message: t('tokenRequired') }]}>
              <Input.TextArea rows={4} autoComplete="off" spellCheck={false} />
            </Form.Item>
            {failed && <Alert type="error" showIcon title={t('tokenInvalid')} style={{ marginBottom: 16 }} />}
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('signIn')}
            </Button>
          </Form>
        </Card>
      </main>
    </Layout>
  );
}
