/**
 * The renderer's Content Security Policy. The app is one local page (the Vite build, served from
 * the privileged origin `app://buffert`, decision 0017) that talks to the backend only over IPC,
 * so nothing may load from or connect to anywhere but the app itself: `'self'` is `app://buffert`.
 *
 * - `script-src 'self'`: no inline script, no `eval` (`'unsafe-eval'` is never allowed).
 * - `style-src 'unsafe-inline'`: Mantine writes its CSS variables into `<style>` tags and React
 *   sets `style` attributes; styles cannot run code, scripts can.
 * - `data:` images and fonts: Vite inlines small assets as data URLs.
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['img-src', ["'self'", 'data:', 'blob:']],
  ['font-src', ["'self'", 'data:']],
  ['connect-src', ["'self'"]],
  ['worker-src', ["'self'"]],
  ['media-src', ["'none'"]],
  ['object-src', ["'none'"]],
  // The print preview shows the page's own PDF (a blob: URL it made) in a frame (decision 0039).
  ['frame-src', ['blob:']],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
];

function serialize(directives: ReadonlyArray<readonly [string, readonly string[]]>): string {
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Sent as a response header: by the `app` protocol handler with every HTML file, and again by the session's `onHeadersReceived`. */
export const CONTENT_SECURITY_POLICY = serialize(CSP_DIRECTIVES);

/**
 * The header policy of a workstation with a central: the same, except that the page may also
 * connect to exactly the central's origin, for the SITHS card login (`POST /auth/siths` over
 * mutual TLS, issue 10; window.ts lets only that request through the session). `null` (no
 * central, or not a valid http(s) URL) is the policy above.
 */
export function contentSecurityPolicy(centralOrigin: string | null): string {
  if (centralOrigin === null) return CONTENT_SECURITY_POLICY;
  return serialize(CSP_DIRECTIVES.map(([name, sources]) => (name === 'connect-src' ? [name, [...sources, centralOrigin]] : [name, sources])));
}

/** The origin of `BUFFERT_CENTRAL_URL` when it is an http(s) URL, else null. */
export function centralOriginOf(centralUrl: string | null | undefined): string | null {
  if (!centralUrl) return null;
  try {
    const url = new URL(centralUrl);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The same policy for `<meta http-equiv="Content-Security-Policy">` in `renderer/index.html`
 * (browsers ignore `frame-ancestors` in a meta tag and warn about it, so it is left out). The meta
 * tag is a third layer: it holds even if a response reached the page without either header.
 * One difference: the build cannot know the central's address, so the meta tag's `connect-src`
 * also allows `https:`; the header (always sent, contentSecurityPolicy above) narrows that to the
 * one central, since a page obeys every policy it gets.
 */
export const CONTENT_SECURITY_POLICY_META = serialize(
  CSP_DIRECTIVES.filter(([name]) => name !== 'frame-ancestors').map(([name, sources]) => (name === 'connect-src' ? [name, [...sources, 'https:']] : [name, sources])),
);

/** The startup-error page is static HTML with inline styles and nothing else. */
export const ERROR_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** Parses a policy into directive → sources, for tests and checks of the built index.html. */
export function parseCsp(policy: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) result.set(name.toLowerCase(), sources);
  }
  return result;
}
