/**
 * Who is signed in. An account's session keeps its access token in memory only (a reload renews it from the refresh
 * cookie); a pasted API token is kept in localStorage with what its claims say (read, not verified: the server verifies).
 */
export type Role = 'ADMIN' | 'REGULATOR' | 'PARTNER' | 'ENTERPRISE';

export interface Session {
  token: string;
  role: Role;
  subject: string;
  department?: string;
  enterprise?: string;
  displayName?: string;
  expiresAt: number;
  /** An account's session (renewed from the refresh cookie); false for a pasted API token. */
  refreshable?: boolean;
}

const KEY = 'hazchem.token';

export function sessionFromToken(token: string): Session | null {
  const part = token.trim().split('.')[1];
  if (!part) return null;
  try {
    const json = decodeURIComponent(
      [...atob(part.replace(/-/g, '+').replace(/_/g, '/'))].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
    );
    const claims = JSON.parse(json) as Record<string, unknown>;
    if (!['ADMIN', 'REGULATOR', 'PARTNER', 'ENTERPRISE'].includes(claims.role as string) || typeof claims.sub !== 'string') return null;
    return {
      token: token.trim(),
      role: claims.role as Role,
      subject: claims.sub,
      department: claims.department as string | undefined,
      enterprise: claims.enterprise as string | undefined,
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Number.POSITIVE_INFINITY,
    };
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  const token = localStorage.getItem(KEY);
  const session = token ? sessionFromToken(token) : null;
  return session && session.expiresAt > Date.now() ? session : null;
}

export function saveSession(session: Session | null): void {
  if (session?.refreshable) localStorage.removeItem(KEY);
  else if (session) localStorage.setItem(KEY, session.token);
  else localStorage.removeItem(KEY);
}

export const isRegulator = (s: Session) => s.role === 'REGULATOR' || s.role === 'ADMIN';
