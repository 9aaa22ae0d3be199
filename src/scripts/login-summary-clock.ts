// A cluster overview's "Login nodes: N of M answering, U users logged in", counted again by the
// reader's clock whenever the freshness clock judges the page (freshness-clock.ts): a login node whose
// newest result went stale stops answering and its users stop counting, as a build now would say.
// The line names its nodes and their users in data-login-nodes (ClusterOverview.astro; live refresh
// writes them anew from summary.json).
import { type CheckFreshness, isDataStale, judgeStatus } from '../../core/history/freshness.ts';
import { listLoginSummaryParts, tallyLoginNodes } from '../lib/cluster-figures-text.ts';

/** Each login line on the page, as its nodes stand at nowMs. */
export function renderLoginSummaries(checks: Readonly<Record<string, CheckFreshness>>, nowMs: number): void {
  for (const line of document.querySelectorAll<HTMLElement>('[data-login-nodes]')) {
    const nodes = readLoginNodes(line.dataset.loginNodes);
    if (nodes === undefined) continue;
    const tally = tallyLoginNodes(
      nodes.map(([id, users]) => {
        const check = checks[id];
        if (check === undefined) return { status: 'no_data', isFresh: false, users };
        return {
          status: judgeStatus([check], nowMs).status,
          isFresh: check.newestMs !== null && !isDataStale(check.newestMs, check.staleAfterMs, nowMs),
          users,
        };
      }),
    );
    const parts = listLoginSummaryParts(tally);
    if (line.textContent === parts.map((part) => part.text).join('')) continue;
    line.replaceChildren(
      ...parts.map((part) => {
        if (!part.isStrong) return part.text;
        const strong = document.createElement('strong');
        strong.textContent = part.text;
        return strong;
      }),
    );
  }
}

/** The [id, users] pairs the build wrote; undefined when the attribute is missing or not that shape. */
function readLoginNodes(text: string | undefined): [string, number | null][] | undefined {
  if (text === undefined) return undefined;
  try {
    const nodes: unknown = JSON.parse(text);
    if (!Array.isArray(nodes)) return undefined;
    return nodes.flatMap((node): [string, number | null][] =>
      Array.isArray(node) && typeof node[0] === 'string'
        ? [[node[0], typeof node[1] === 'number' ? node[1] : null]]
        : [],
    );
  } catch {
    return undefined;
  }
}
