/** The console's own words, zh-CN first. Enum values come from the API's enumLabels instead. */
export const messages = {
  appTitle: { zh: '危险化学品全流程追溯', en: 'Hazardous chemicals traceability' },
  signIn: { zh: '登录', en: 'Sign in' },
  signOut: { zh: '退出登录', en: 'Sign out' },
  tokenLabel: { zh: '访问令牌', en: 'Access token' },
  tokenHelp: {
    zh: '粘贴管理员签发的访问令牌（npm run token 生成）。',
    en: 'Paste an access token issued by an administrator (npm run token).',
  },
  tokenInvalid: { zh: '令牌无效或已过期', en: 'The token is invalid or expired' },
  tokenRequired: { zh: '请输入访问令牌', en: 'Enter an access token' },
  language: { zh: 'English', en: '中文' },
  languageSwitch: { zh: '切换到英文', en: 'Switch to Chinese' },
  home: { zh: '首页', en: 'Home' },
  welcome: { zh: '欢迎', en: 'Welcome' },
  role: { zh: '角色', en: 'Role' },
  subject: { zh: '用户', en: 'User' },
  department: { zh: '部门', en: 'Department' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  expires: { zh: '令牌有效期至', en: 'Token valid until' },
  roleADMIN: { zh: '系统管理员', en: 'Administrator' },
  roleREGULATOR: { zh: '监管人员', en: 'Regulator' },
  rolePARTNER: { zh: '协同部门', en: 'Partner department' },
  roleENTERPRISE: { zh: '企业用户', en: 'Enterprise user' },
  notFound: { zh: '页面不存在', en: 'Page not found' },
  loading: { zh: '加载中…', en: 'Loading…' },
  error: { zh: '出错了', en: 'Something went wrong' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type MessageId = keyof typeof messages;
