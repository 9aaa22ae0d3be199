import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../../core/config/config-error.ts';
import { neededByRun, neededBySite, parseConfigText } from '../../../../../core/config/load-config.ts';
import { FACT_URL_SECRET_PROBLEM, FACT_VARIABLE_PROBLEM } from '../../../../../core/model/index.ts';

const configWith = (facts: string) =>
  `checks:\n  - id: api\n    type: tcp\n    host: 127.0.0.1\n    port: 8000\n    facts:\n${facts}`;

function readProblems(yaml: string, env: Record<string, string> = {}, needs = neededBySite): string[] {
  try {
    parseConfigText(yaml, 'status.config.yaml', env, needs);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('facts: static, non-secret key/values of a check', () => {
  it('keeps text, numbers and true/false in the order written', () => {
    const loaded = parseConfigText(
      configWith(
        "      WebP quality: 85\n      Max upload size (MB): 20\n      Allowed MIME types: image/jpeg, image/png\n      S3 storage: false\n      Broker: 'redis://redis:6379/0'\n",
      ),
      'status.config.yaml',
      {},
    );
    expect(loaded.config.checks[0]?.facts).toEqual({
      'WebP quality': 85,
      'Max upload size (MB)': 20,
      'Allowed MIME types': 'image/jpeg, image/png',
      'S3 storage': false,
      Broker: 'redis://redis:6379/0',
    });
  });

  it('is absent when not given', () => {
    const loaded = parseConfigText(
      configWith('      {}\n').replace('    facts:\n      {}\n', ''),
      'status.config.yaml',
      {},
    );
    expect(loaded.config.checks[0]).not.toHaveProperty('facts');
  });

  it.each([
    [
      'a key that names a secret',
      '      JWT secret: abc\n',
      '"JWT secret" names a secret; facts are published, so leave it out (or rename it if it is not one)',
    ],
    [
      'an API key',
      '      apiKey: abc\n',
      '"apiKey" names a secret; facts are published, so leave it out (or rename it if it is not one)',
    ],
    ['a nested value', '      Sizes: [1, 2]\n', 'expected text, a number or true/false, got [1,2]'],
  ])('refuses %s, located (a secret-named one without quoting its value)', (_name, facts, message) => {
    const key = facts.trim().split(':')[0] as string;
    expect(readProblems(configWith(facts))).toEqual([
      `status.config.yaml:7: checks[0].facts.${key}: ${message}`,
    ]);
  });

  it('refuses a URL with a password or a token in it, located, quoting it masked', () => {
    const yaml = configWith(
      "      Broker: 'redis://:hunter2@cache:6379/0'\n      Feed: 'https://feeds.example.org/x?token=s3cr3t-feed'\n",
    );
    const problems = readProblems(yaml);
    expect(problems).toEqual([
      `status.config.yaml:7: checks[0].facts.Broker: ${FACT_URL_SECRET_PROBLEM}, got "redis://:***@cache:6379/0"`,
      `status.config.yaml:8: checks[0].facts.Feed: ${FACT_URL_SECRET_PROBLEM}, got "https://feeds.example.org/x?token=***"`,
    ]);
    expect(problems.join('\n')).not.toMatch(/hunter2|s3cr3t-feed/);
  });

  it('refuses a value read from the environment, set or not, in every reader, without showing it', () => {
    const yaml = configWith('      Region: ${AWS_REGION}\n      Bucket: ${S3_BUCKET}\n');
    const expected = [
      `status.config.yaml:7: checks[0].facts.Region: ${FACT_VARIABLE_PROBLEM}`,
      `status.config.yaml:8: checks[0].facts.Bucket: ${FACT_VARIABLE_PROBLEM}`,
    ];
    const env = { AWS_REGION: 'eu-central-1-secretish' };
    expect(readProblems(yaml, env)).toEqual(expected);
    const forCollect = readProblems(yaml, env, () => true);
    expect(forCollect).toEqual(expect.arrayContaining(expected));
    expect(forCollect.join('\n')).not.toContain('eu-central-1-secretish');
  });

  it('refuses a literal ${…} too ($${X} written to keep it)', () => {
    expect(readProblems(configWith('      Template: $${NAME}\n'))).toEqual([
      `status.config.yaml:7: checks[0].facts.Template: ${FACT_VARIABLE_PROBLEM}, got "\${NAME}"`,
    ]);
  });

  it('is checked by collect for the checks it runs like any other field', () => {
    const loaded = parseConfigText(configWith('      Workers: 4\n'), 'status.config.yaml', {}, () => true);
    expect(neededByRun(loaded.config, loaded.config.checks)(['checks', 0, 'facts', 'Workers'])).toBe(true);
  });
});
