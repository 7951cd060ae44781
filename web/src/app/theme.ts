import type { ThemeConfig } from 'antd';

/** One look for the console and the public pages (server/public-page.ts uses the same primary colour). */
export const PRIMARY = '#0b57d0';

export const theme: ThemeConfig = {
  // Secondary texts darker than AntD's 45 % black, which fails WCAG AA contrast (axe: color-contrast).
  // Hover, link and error colours darker than AntD's (its lighter blues and red fail contrast on white).
  token: { colorPrimary: PRIMARY, colorPrimaryHover: '#0842a0', colorLink: PRIMARY, colorLinkHover: '#0842a0', colorInfo: PRIMARY, colorError: '#c5221f', colorTextDescription: '#595959', colorTextTertiary: '#595959', colorTextPlaceholder: '#6e6e6e', borderRadius: 6, fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif' },
};
