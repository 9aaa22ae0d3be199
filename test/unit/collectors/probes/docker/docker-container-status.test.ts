import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type InspectedContainer,
  judgeContainer,
} from '../../../../../collectors/probes/docker/docker-container-status.ts';
import { judgeServices } from '../../../../../collectors/probes/docker/docker-services.ts';

function fixture(name: string): InspectedContainer {
  return JSON.parse(
    readFileSync(new URL(`../../../../fixtures/docker/inspect-${name}.json`, import.meta.url), 'utf8'),
  );
}

function withState(
  state: Partial<InspectedContainer['State']>,
  extra: Partial<InspectedContainer> = {},
): InspectedContainer {
  return { Name: '/app', State: { Status: 'running', ...state }, ...extra };
}

describe('judgeContainer over docker inspect captured from a real engine', () => {
  it.each([
    ['web', 'up', 'running, healthy'],
    ['queue', 'degraded', 'running, health check starting'],
    ['migrate', 'down', 'exited with code 3'],
    ['worker', 'down', 'exited with code 1, 2 restarts'],
  ])('%s is %s: %s', (name, status, message) => {
    expect(judgeContainer(fixture(name))).toMatchObject({ name, status, message });
  });

  it('unhealthy is down and keeps the failing streak and the last health output', () => {
    const verdict = judgeContainer(fixture('db'));
    expect(verdict).toMatchObject({
      status: 'down',
      health: 'unhealthy',
      lastHealthOutput: 'pg_isready: no response',
    });
    expect(verdict.message).toMatch(/^unhealthy \(\d+ failed checks in a row\): pg_isready: no response$/);
    expect(verdict.failingStreak).toBeGreaterThanOrEqual(1);
  });
});

describe('judgeContainer over every state', () => {
  it.each<[Partial<InspectedContainer['State']>, string, string]>([
    [{}, 'up', 'running'],
    [{ Status: 'paused' }, 'degraded', 'paused'],
    [{ Status: 'restarting' }, 'down', 'restarting (crash loop, 0 restarts)'],
    [{ Status: 'created' }, 'down', 'created but never started'],
    [{ Status: 'dead', Error: 'driver failed' }, 'down', 'dead: driver failed'],
    [{ Status: 'exited', ExitCode: 137, OOMKilled: true }, 'down', 'exited with code 137 (OOM killed)'],
    [{ Health: { Status: 'none' } }, 'up', 'running'],
  ])('%j is %s', (state, status, message) => {
    expect(judgeContainer(withState(state))).toMatchObject({ status, message });
  });

  it('cuts a long health output to one line of 200 characters', () => {
    const output = `line one\n${'x'.repeat(400)}`;
    const verdict = judgeContainer(
      withState({
        Health: { Status: 'unhealthy', FailingStreak: 4, Log: [{ ExitCode: 1, Output: output }] },
      }),
    );
    expect(verdict.lastHealthOutput).toHaveLength(200);
    expect(verdict.lastHealthOutput).toMatch(/^line one x+…$/);
  });
});

describe('judgeServices', () => {
  const container = (name: string, service: string, status: 'up' | 'down') =>
    ({
      name,
      service,
      status,
      message: status === 'up' ? 'running' : 'exited with code 1',
      state: 'running',
      restartCount: 0,
    }) as const;

  it('one replica of three down makes the service degraded; all down makes it down', () => {
    const services = judgeServices(
      [
        container('lab_celery_1', 'celery', 'up'),
        container('lab_celery_2', 'celery', 'down'),
        container('lab_celery_3', 'celery', 'up'),
        container('lab_db_1', 'db', 'down'),
      ],
      [],
    );
    expect(services).toEqual([
      {
        name: 'celery',
        status: 'degraded',
        message: '1 of 3 containers down (lab_celery_2 exited with code 1)',
        containers: ['lab_celery_1', 'lab_celery_2', 'lab_celery_3'],
      },
      { name: 'db', status: 'down', message: 'exited with code 1', containers: ['lab_db_1'] },
    ]);
  });

  it('an expected service with no container is down as missing', () => {
    expect(judgeServices([], ['nginx'])).toEqual([
      { name: 'nginx', status: 'down', message: 'missing (no such container)', containers: [] },
    ]);
  });
});
