import type { HttpAnswer } from './listener-probes.ts';

/**
 * The http check's fields beyond its url, from how the server answered when init ran, so the
 * written check is up for a server that works: a redirect or a 401 at / still proves it serves.
 */
export function describeHttpCheck(answer: HttpAnswer): {
  fields: Record<string, unknown>;
  comment: string[];
} {
  const fields: Record<string, unknown> = {};
  const comment: string[] = [];
  if (answer.isCertificateUnverified) {
    fields.insecure = true;
    comment.push(
      `Its certificate does not verify for ${new URL(answer.url).hostname} (self-signed, or made out to a name): insecure. Better: the site's own name in url.`,
    );
  }
  const statusClass = Math.floor(answer.statusCode / 100);
  if (statusClass === 3) {
    // A redirect may lead off this machine; the check proves the server answers, without following it.
    fields.followRedirects = false;
    fields.expectedStatus = ['3xx'];
    comment.push(
      'It redirects: the check expects the redirect, not the page behind it (set url to that page to check it).',
    );
  } else if (statusClass === 4) {
    fields.expectedStatus = [answer.statusCode];
    comment.push(
      `HTTP ${answer.statusCode} at this url still proves the server answers; a health URL of the app is a better one.`,
    );
  } else if (statusClass === 5) {
    comment.push(`It answered HTTP ${answer.statusCode}: the check shows it down until that is fixed.`);
  }
  return { fields, comment };
}
