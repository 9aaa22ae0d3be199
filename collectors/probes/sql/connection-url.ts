const USERINFO = /^([a-z][a-z\d+.-]*:\/\/)([^@/?#]*@)?/i;

/**
 * Puts `password` into a connection URL's userinfo (`scheme://user:password@…`), keeping the user
 * name. Done on the text, not with `URL`, because `postgres://user@/db?host=/run/postgresql` (a
 * Unix socket) has an empty host that WHATWG URLs reject.
 */
export function withPassword(url: string, password: string | undefined): string {
  if (password === undefined) return url;
  return url.replace(USERINFO, (_match, scheme: string, userinfo: string | undefined) => {
    const written = userinfo?.slice(0, -1) ?? '';
    const colonAt = written.indexOf(':');
    const user = colonAt === -1 ? written : written.slice(0, colonAt);
    return `${scheme}${user}:${encodeURIComponent(password)}@`;
  });
}

/** The password a connection URL carries, decoded, or undefined. */
export function readUrlPassword(url: string): string | undefined {
  const written = readWrittenUrlPassword(url);
  if (written === undefined) return undefined;
  try {
    return decodeURIComponent(written);
  } catch {
    return written;
  }
}

/** The password a connection URL carries as written in it (`p%21ss`, not decoded), or undefined. */
export function readWrittenUrlPassword(url: string): string | undefined {
  const userinfo = USERINFO.exec(url)?.[2]?.slice(0, -1);
  const colonAt = userinfo?.indexOf(':') ?? -1;
  return userinfo === undefined || colonAt === -1 ? undefined : userinfo.slice(colonAt + 1);
}
