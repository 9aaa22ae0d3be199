import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../core/config/config-error.ts';
import { parseConfigText } from '../../../../core/config/load-config.ts';
import { CeleryCheckSchema } from '../../../../core/model/index.ts';

function problemsOf(yaml: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfigText(yaml, 'status.config.yaml', env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('celery check schema', () => {
  it('fills the defaults', () => {
    expect(
      CeleryCheckSchema.parse({ id: 'w', type: 'celery', broker: 'redis://127.0.0.1:6379/0' }),
    ).toMatchObject({
      command: ['celery'],
      replyTimeout: 1000,
      timeout: 20_000,
      minWorkers: 1,
      expectTasks: [],
      maxOutputBytes: 8_388_608,
    });
  });

  it.each([
    [
      'neither broker, app nor flower',
      'checks:\n  - { id: w, type: celery }\n',
      'status.config.yaml:2: checks[0].broker: give broker (or app, whose settings name one), or flower',
    ],
    [
      'a broker that is not a URL',
      'checks:\n  - id: w\n    type: celery\n    broker: cache.internal:6379\n',
      'status.config.yaml:4: checks[0].broker: expected a broker URL such as "redis://127.0.0.1:6379/0" or "amqp://rabbit.internal//", got "cache.internal:6379"',
    ],
    [
      'an app that is not a module path',
      'checks:\n  - id: w\n    type: celery\n    broker: redis://h/0\n    app: "proj; rm -rf"\n',
      'status.config.yaml:5: checks[0].app: expected a Python module path such as "proj" or "proj.celery:app", got "proj; rm -rf"',
    ],
    [
      'a negative minWorkers',
      'checks:\n  - id: w\n    type: celery\n    broker: redis://h/0\n    minWorkers: -1\n',
      'status.config.yaml:5: checks[0].minWorkers: expected 0 or more workers, got -1',
    ],
  ])('refuses %s, naming the field', (_name, yaml, problem) => {
    expect(problemsOf(yaml)).toEqual([problem]);
  });

  it('takes the broker password from the environment', () => {
    const loaded = parseConfigText(
      'checks:\n  - id: w\n    type: celery\n    broker: "redis://:${BROKER_PASSWORD}@cache:6379/0"\n',
      'status.config.yaml',
      { BROKER_PASSWORD: 'pw-from-env' },
    );
    expect(loaded.config.checks[0]).toMatchObject({ broker: 'redis://:pw-from-env@cache:6379/0' });
    expect(loaded.secrets).toEqual(['pw-from-env']);
  });
});
