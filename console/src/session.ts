// The signed-in user's token, kept in sessionStorage: it lives as long as the tab and is never shared with other tabs.

export interface Session {
  token: string;
  expiresAt: string;
  userName: string;
  projectId: string;
  projectName: string;
  role: 'tenant' | 'admin';
}

const KEY = 'tenant-ledger.session';

export function loadSession(): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  try {
    const s = JSON.parse(raw) as Session;
    if (typeof s.token !== 'string' || Date.parse(s.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return undefined;
    }
    return s;
  } catch {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
}

export function saveSession(s: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
