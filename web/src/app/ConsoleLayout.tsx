import { GlobalOutlined, LogoutOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../lib/i18n';
import { MENU } from './menu';
import { useSession } from './SessionContext';

export function ConsoleLayout({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useI18n();
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const entries = MENU.filter((m) => m.roles.includes(session.role));
  const selected = entries.filter((m) => m.path === pathname || (m.path !== '/' && pathname.startsWith(m.path))).map((m) => m.path);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', paddingInline: 16 }}>
        <Typography.Title level={1} style={{ color: '#fff', margin: 0, fontSize: 18, whiteSpace: 'nowrap' }}>
          {t('appTitle')}
        </Typography.Title>
        <Space>
          {session.area && (
            <Typography.Text style={{ color: '#fff' }}>{t('areaOf', { area: session.area })}</Typography.Text>
          )}
          <Typography.Text style={{ color: '#fff' }}>
            {t(`role${session.role}`)} · {session.subject}
          </Typography.Text>
          <Button icon={<GlobalOutlined />} onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')} title={t('languageSwitch')}>
            {t('language')}
          </Button>
          <Button icon={<LogoutOutlined />} onClick={signOut}>
            {t('signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider breakpoint="md" collapsedWidth={0} theme="light" width={200}>
          <nav aria-label={t('appTitle')}>
            <Menu
              mode="inline"
              selectedKeys={selected}
              items={entries.map((m) => ({ key: m.path, icon: m.icon, label: t(m.label) }))}
              onClick={({ key }) => navigate(key)}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 16 }}>
          <main>{children}</main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
