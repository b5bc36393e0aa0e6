/**
 * Settings a developer or the `_electron` e2e test may give an unpackaged app through the
 * environment: the DNS resolvers (the lab's) and the user-data folder (a temporary one). An
 * installed app ignores them, like ELECTRON_RENDERER_URL, so an inherited variable cannot point a
 * consultant's assessments at another resolver.
 *   MAILAUDIT_DEV_RESOLVERS=127.0.0.1:5300[,…]   MAILAUDIT_DEV_USER_DATA=/tmp/mailaudit
 */
import path from 'node:path';

export interface DevOverrides {
  resolvers?: string[];
  userData?: string;
}

export function devOverrides(env: Record<string, string | undefined>, isPackaged: boolean): DevOverrides {
  if (isPackaged) return {};
  const out: DevOverrides = {};
  const resolvers = (env['MAILAUDIT_DEV_RESOLVERS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (resolvers.length > 0) out.resolvers = resolvers;
  const userData = env['MAILAUDIT_DEV_USER_DATA'];
  if (userData && path.isAbsolute(userData)) out.userData = userData;
  return out;
}
