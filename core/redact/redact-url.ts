const USERINFO = /^([a-z][a-z\d+.-]*:\/\/)([^@/?#]*)@/i;
const SECRET_QUERY_PARAM =
  /([?&](?:access_token|api_key|apikey|auth|key|password|passwd|pwd|secret|sig|signature|token)=)[^&#]*/gi;
const MASK = '***';

/**
 * Hides the secrets a URL may carry before it is shown or stored: the password
 * (`https://user:***@host`), a lone user name that may be a token (`https://***@host`), and the
 * values of query parameters named like credentials (`?token=***`). The rest is kept as written.
 */
export function redactUrl(url: string): string {
  const withoutUserinfo = url.replace(USERINFO, (_match, scheme: string, userinfo: string) => {
    const colonAt = userinfo.indexOf(':');
    const masked = colonAt === -1 ? MASK : `${userinfo.slice(0, colonAt)}:${MASK}`;
    return `${scheme}${masked}@`;
  });
  return withoutUserinfo.replace(SECRET_QUERY_PARAM, `$1${MASK}`);
}
