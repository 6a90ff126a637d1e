/**
 * Trusted Types: the page's CSP has `require-trusted-types-for 'script'`, so
 * every script URL (the workers') must pass a policy. Only same-origin URLs are
 * allowed; there is no createHTML at all, so no string can become markup.
 */
interface TrustedTypePolicyFactoryLike {
  createPolicy(name: string, rules: { createScriptURL?: (url: string) => string }): unknown;
}

export function installTrustedTypes(): void {
  const tt = (globalThis as { trustedTypes?: TrustedTypePolicyFactoryLike }).trustedTypes;
  if (!tt) return;
  const sameOrigin = (url: string) => {
    const u = new URL(url, location.href);
    if (u.origin !== location.origin) throw new TypeError(`Blocked a script URL from another origin: ${u.origin}`);
    return u.href;
  };
  try {
    // 'default' is what the browser uses for implicit conversions such as new Worker(url).
    tt.createPolicy('default', { createScriptURL: sameOrigin });
  } catch {
    // A policy named 'default' exists already (e.g. hot reload in dev): keep it.
  }
}
