import { describe, expect, it } from 'vitest';
import { selectChecks } from '../../../../collectors/cli/collect-command.ts';
import { listSourceChecks } from '../../../../collectors/run/collect-once.ts';
import { listThinnedChecks } from '../../../../collectors/store/thin-runs.ts';
import { ConfigError } from '../../../../core/config/config-error.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import { runsOn } from '../../../../core/model/check-places.ts';

const SOURCES = 'sources:\n  - { id: eu }\n  - { id: us }\n  - { id: campus }\n';

function load(yaml: string) {
  return parseConfigText(yaml, 'status.config.yaml', {}).config;
}

function problemsOf(yaml: string): string[] {
  try {
    load(yaml);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('a check seen from several places: sources and quorum as loaded', () => {
  it('keeps its places in the order the check lists them, source = the first, quorum a majority by default', () => {
    const config = load(
      `${SOURCES}checks:\n  - { id: web, type: http, url: "https://x/", sources: [us, eu, campus] }\n`,
    );
    const [check] = config.checks;
    expect(check?.sources).toEqual(['us', 'eu', 'campus']);
    expect(check?.source).toBe('us');
    expect(check?.quorum).toBe(2);
  });

  it.each([
    ['2', 2],
    ['any', 1],
    ['all', 3],
    ['1', 1],
    ['3', 3],
  ])('quorum: %s resolves to %i of 3 places', (quorum, required) => {
    const config = load(
      `${SOURCES}checks:\n  - { id: web, type: tcp, host: x, port: 1, sources: [eu, us, campus], quorum: ${quorum} }\n`,
    );
    expect(config.checks[0]?.quorum).toBe(required);
  });

  it('leaves a one-place check as it was: no sources, no quorum', () => {
    const config = load(
      `${SOURCES}checks:\n  - { id: web, type: tcp, host: x, port: 1, source: us }\n  - { id: b, type: tcp, host: x, port: 1 }\n`,
    );
    expect(config.checks.map((check) => [check.source, 'sources' in check, 'quorum' in check])).toEqual([
      ['us', false, false],
      ['eu', false, false],
    ]);
  });

  it('drops a retired place: a disabled collector does not vote, and quorum counts the places left', () => {
    const yaml = `sources:\n  - { id: eu }\n  - { id: us, enabled: false }\n  - { id: campus }\nchecks:\n  - { id: web, type: tcp, host: x, port: 1, sources: [eu, us, campus], quorum: all }\n  - { id: two, type: tcp, host: x, port: 1, sources: [us, campus], quorum: 2 }\n`;
    const [web, two] = load(yaml).checks;
    expect(web?.sources).toEqual(['eu', 'campus']);
    expect(web?.quorum).toBe(2);
    // One enabled place left: still judged by its places (that one, quorum 1), so the runs the
    // disabled place stored under the same id never mix into its history.
    expect(two?.sources).toEqual(['campus']);
    expect(two?.quorum).toBe(1);
    expect(two?.source).toBe('campus');
  });

  it('runs on each of its places: collect, watch and thinning select it for every one', () => {
    const config = load(
      `${SOURCES}checks:\n  - { id: web, type: tcp, host: x, port: 1, interval: 10s, sources: [eu, campus] }\n  - { id: local, type: tcp, host: x, port: 1, interval: 10s, source: us }\n`,
    );
    const ids = (source: string) => listSourceChecks(config, source).map((check) => check.id);
    expect([ids('eu'), ids('us'), ids('campus')]).toEqual([['web'], ['local'], ['web']]);
    expect(selectChecks(config, 'campus', 'web').map((check) => check.id)).toEqual(['web']);
    expect([...listThinnedChecks(config, 'campus').keys()]).toEqual(['web']);
    expect(config.checks.map((check) => runsOn(check, 'us'))).toEqual([false, true]);
  });
});

describe('sources and quorum errors name the field and the fix', () => {
  it.each([
    {
      name: 'an unknown place',
      checks: '  - { id: web, type: http, url: "https://x/", sources: [eu, asia] }\n',
      problems: [
        'status.config.yaml:6: checks[0].sources[1]: unknown source "asia"; define it under "sources" (known: eu, us, campus)',
      ],
    },
    {
      name: 'a place listed twice',
      checks: '  - { id: web, type: http, url: "https://x/", sources: [eu, us, eu] }\n',
      problems: [
        'status.config.yaml:6: checks[0].sources[2]: source "eu" is listed twice; sources[0] already names it',
      ],
    },
    {
      name: 'one place only',
      checks: '  - { id: web, type: http, url: "https://x/", sources: [eu] }\n',
      problems: [
        'status.config.yaml:6: checks[0].sources: expected at least two sources; a check run from one place names it in "source", got ["eu"]',
      ],
    },
    {
      name: 'both source and sources',
      checks: '  - { id: web, type: http, url: "https://x/", source: eu, sources: [eu, us] }\n',
      problems: [
        'status.config.yaml:6: checks[0].source: source "eu" and "sources" both say where the check runs; give either "source" (one place) or "sources" (several places), not both',
      ],
    },
    {
      name: 'a quorum larger than the places',
      checks: '  - { id: web, type: http, url: "https://x/", sources: [eu, us], quorum: 3 }\n',
      problems: [
        'status.config.yaml:6: checks[0].quorum: quorum 3 is more than the 2 places in "sources"; give at most 2, or "all"',
      ],
    },
    {
      name: 'a quorum without sources',
      checks: '  - { id: web, type: http, url: "https://x/", quorum: 2 }\n',
      problems: [
        'status.config.yaml:6: checks[0].quorum: quorum 2 applies only to a check run from several places; list them in "sources" or remove "quorum"',
      ],
    },
    {
      name: 'a quorum of zero',
      checks: '  - { id: web, type: http, url: "https://x/", sources: [eu, us], quorum: 0 }\n',
      problems: [
        'status.config.yaml:6: checks[0].quorum: expected a quorum of at least 1, "any" or "all", got 0',
      ],
    },
    {
      name: 'a quorum word that is not any or all',
      checks: '  - { id: web, type: http, url: "https://x/", sources: [eu, us], quorum: most }\n',
      problems: [
        'status.config.yaml:6: checks[0].quorum: expected a number of places (at least 1), "any" or "all", got "most"',
      ],
    },
    {
      name: 'a check type that looks at its own machine',
      checks: '  - { id: disk, type: host, sources: [eu, us] }\n',
      problems: [
        'status.config.yaml:6: checks[0].sources: a host check looks at the machine its collector runs on, so it cannot be judged from several places: give one "source" instead of "sources" ["eu","us"] (only http, tcp, command, redis, postgres, mysql, jupyterhub, ping, dns, tls, smtp, imap, pop3, websocket, grpc checks take "sources")',
      ],
    },
  ])('$name', ({ checks, problems }) => {
    expect(problemsOf(`${SOURCES}checks:\n${checks}`)).toEqual(problems);
  });
});
