import { Card, Descriptions } from 'antd';
import { useSession } from '../../app/SessionContext';
import { useI18n } from '../../lib/i18n';
import { useLabel } from '../../lib/labels';

/** Who is signed in, and with what reach. */
export function Home() {
  const { t } = useI18n();
  const label = useLabel();
  const { session } = useSession();
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t('welcome')}</h2>}>
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('role')}>{t(`role${session.role}`)}</Descriptions.Item>
        <Descriptions.Item label={t('subject')}>{session.subject}</Descriptions.Item>
        {session.department && <Descriptions.Item label={t('department')}>{label('Department', session.department)}</Descriptions.Item>}
        {session.role === 'PARTNER' && <Descriptions.Item label={t('mandates')}>{session.mandates.map((m) => label('Mandate', m)).join('、')}</Descriptions.Item>}
        {session.enterprise && <Descriptions.Item label={t('enterprise')}>{session.enterprise}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}
