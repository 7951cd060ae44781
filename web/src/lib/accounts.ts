import type { Client } from 'urql';
import { graphql } from '../gql';
import type { LoginMutation as Login } from '../gql/graphql';
import { refusedForNow } from './client';
import { problemsOf } from './errors';
import type { Role, Session } from './session';

// Login and Refresh select the same fields: one session shape.
const LoginMutation = graphql(`
  mutation Login($name: String!, $password: String!) {
    login(name: $name, password: $password) {
      accessToken
      accessTokenExpiresAt
      user {
        loginName
        displayName
        role
        area
        department
        mandates
        enterprise
      }
    }
  }
`);

const RefreshMutation = graphql(`
  mutation Refresh {
    refresh {
      accessToken
      accessTokenExpiresAt
      user {
        loginName
        displayName
        role
        area
        department
        mandates
        enterprise
      }
    }
  }
`);

const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

/** Sign-in, refresh and logout go to the endpoint with their own budget, which requests without a token to /graphql never use up. */
const SESSION_ENDPOINT = { url: '/graphql/session' };

/** An account's session: a short-lived access token in memory, renewed from the HttpOnly refresh cookie (never readable here). */
function accountSession(s: Login['login']): Session {
  return {
    token: s.accessToken,
    role: s.user.role as Role,
    subject: s.user.loginName,
    displayName: s.user.displayName,
    area: s.user.area ?? undefined,
    department: s.user.department ?? undefined,
    mandates: s.user.mandates,
    enterprise: s.user.enterprise ?? undefined,
    expiresAt: new Date(s.accessTokenExpiresAt).getTime(),
  };
}

/** Sign-in by login name and password; the answer is the session, or the refusal's code (and retryAfterSeconds when RATE_LIMITED). */
export async function login(client: Client, name: string, password: string): Promise<{ session: Session } | { code: string; retryAfter?: number }> {
  const result = await client.mutation(LoginMutation, { name, password }, SESSION_ENDPOINT).toPromise();
  if (result.data?.login) return { session: accountSession(result.data.login) };
  const problem = problemsOf(result.error)[0];
  return { code: problem?.code ?? 'NETWORK', retryAfter: problem?.details?.retryAfterSeconds as number | undefined };
}

let inFlight: Promise<Session | null> | null = null;
const REFRESH_ATTEMPTS = 6;

/**
 * A new access token from the refresh cookie, or null (no cookie, or the session ended). One refresh at a time, across
 * tabs too where the browser has Web Locks: a second refresh presenting the used cookie would end the session. A refresh
 * refused for now is tried again after the wait the server names, so a busy server does not sign anyone out.
 */
export function refresh(client: Client): Promise<Session | null> {
  if (!inFlight) {
    const run = async () => {
      for (let attempt = 1; ; attempt++) {
        const result = await client.mutation(RefreshMutation, {}, SESSION_ENDPOINT).toPromise();
        if (result.data?.refresh) return accountSession(result.data.refresh);
        // Refused before the cookie was looked at (busy, or the database restarting): the session is still there.
        if (!result.error || !refusedForNow(result.error) || attempt === REFRESH_ATTEMPTS) return null;
        const wait = Number(problemsOf(result.error)[0].details?.retryAfterSeconds ?? 1);
        await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(wait, 0.5), 5) * 1000));
      }
    };
    // Web Locks resolve with what the callback's promise resolves to.
    const started = navigator.locks ? (navigator.locks.request('hazchem-refresh', run) as unknown as Promise<Session | null>) : run();
    inFlight = started.finally(() => {
      inFlight = null;
    });
  }
  return inFlight;
}

export async function logout(client: Client): Promise<void> {
  await client.mutation(LogoutMutation, {}, SESSION_ENDPOINT).toPromise();
}
