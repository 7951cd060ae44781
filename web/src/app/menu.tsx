import { AlertOutlined, AuditOutlined, CarOutlined, ApartmentOutlined, BankOutlined, DashboardOutlined, DatabaseOutlined, HomeOutlined, SwapOutlined, UploadOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MessageId } from '../lib/messages';
import type { Role } from '../lib/session';

export interface MenuEntry {
  path: string;
  label: MessageId;
  icon: ReactNode;
  roles: readonly Role[];
}

/** The screens each kind of user reaches from the side menu. */
export const MENU: readonly MenuEntry[] = [
  { path: '/', label: 'home', icon: <HomeOutlined />, roles: ['ADMIN', 'REGULATOR', 'PARTNER', 'ENTERPRISE'] },
  { path: '/dashboard', label: 'dashboard', icon: <DashboardOutlined />, roles: ['ADMIN', 'REGULATOR'] },
  { path: '/partner', label: 'partnerArea', icon: <AuditOutlined />, roles: ['PARTNER'] },
  { path: '/enterprises', label: 'enterprises', icon: <BankOutlined />, roles: ['ADMIN', 'REGULATOR'] },
  { path: '/alerts', label: 'alerts', icon: <AlertOutlined />, roles: ['ADMIN', 'REGULATOR'] },
  { path: '/trace', label: 'trace', icon: <ApartmentOutlined />, roles: ['ADMIN', 'REGULATOR'] },
  { path: '/stock', label: 'stock', icon: <DatabaseOutlined />, roles: ['ADMIN', 'REGULATOR', 'ENTERPRISE'] },
  { path: '/movements', label: 'movements', icon: <SwapOutlined />, roles: ['ADMIN', 'REGULATOR', 'ENTERPRISE'] },
  { path: '/shipments', label: 'shipmentsInTransit', icon: <CarOutlined />, roles: ['ENTERPRISE'] },
  { path: '/upload', label: 'upload', icon: <UploadOutlined />, roles: ['ENTERPRISE'] },
];
