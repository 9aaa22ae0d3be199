// A status site with one check of every check type, for the "Current values" e2e test: results
// made by the real probes where a captured output can stand in for the world (slurm, pbs, gpu,
// systemd, filesystem, Lustre, command, process, host), by the real parsers where a server would be
// needed (redis INFO, docker inspect), and in the probes' stored shape otherwise (http, tcp, SQL,
// JupyterHub). 14 days of 5-minute runs ending now; response times vary from run to run.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { judgeContainer } from '../../collectors/probes/docker/docker-container-status.ts';
import { probeProcess } from '../../collectors/probes/process/probe-process.ts';
import { parseRedisInfo, summarizeRedisInfo } from '../../collectors/probes/redis/redis-info.ts';
import { PROBES } from '../../collectors/probes/registry.ts';
import { runChecks } from '../../collectors/run/run-checks.ts';
import { type CheckResult, ConfigSchema, type SnapshotLine } from '../../core/model/index.ts';
import { answerPrograms } from '../unit/core/results/expect-readable.ts';
import { observeCeleryFixture } from './celery-fixture-result.ts';
import { writeSnapshotFixtures } from './generate-snapshots.ts';
import { makeProbeContext } from './probe-context.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const INTERVAL_MS = 5 * MINUTE_MS;
const RETENTION_DAYS = 14;

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const fixturePath = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;

/** One check of every type: id → its config entry. */
export const CHECK_TYPE_SITE_CHECKS = {
  portal: {
    type: 'http',
    name: 'Research portal',
    url: 'https://portal.example.org/',
    json: [{ path: '$.queue.depth', metric: 'queue_depth' }],
  },
  'login-ssh': {
    type: 'tcp',
    name: 'Login node SSH',
    host: 'login1.example.org',
    port: 22,
    banner: 'SSH-2.0',
  },
  login1: { type: 'host', name: 'Login node login1' },
  cache: { type: 'redis', name: 'Job cache', url: 'redis://127.0.0.1:6379/0', queues: ['celery', 'resize'] },
  'portal-db': {
    type: 'postgres',
    name: 'Portal database',
    url: 'postgres://monitor@db.example.org/portal',
    queries: { failed_jobs_last_hour: 'SELECT 3' },
  },
  'accounting-db': {
    type: 'mysql',
    name: 'Accounting database',
    url: 'mysql://monitor@db.example.org/slurm_acct',
  },
  'jobs-db': {
    type: 'sqlite',
    name: 'Job table',
    path: '/srv/imaging/jobs.sqlite3',
    queries: { oldest_pending_job_seconds: 'SELECT 90' },
  },
  lab: { type: 'docker', name: 'Lab containers', composeProject: 'lab' },
  nginx: { type: 'systemd', name: 'Web server unit', unit: 'nginx.service' },
  atlas: { type: 'slurm', name: 'Atlas scheduler' },
  derecho: { type: 'pbs', name: 'Derecho scheduler' },
  gpus: { type: 'gpu', name: 'GPU node g001' },
  home: { type: 'filesystem', name: '/home', path: '/home', mountPoint: false },
  scratch: { type: 'filesystem', name: 'Lustre scratch', path: '/tmp', lustre: true, mountPoint: false },
  workers: { type: 'process', name: 'Celery workers', commandLine: 'celery', min: 1 },
  backup: {
    type: 'command',
    name: 'Nightly backup',
    command: ['backup-status'],
    match: 'version (?<version>\\S+), (?<files_copied>\\d+) files',
  },
  hub: { type: 'jupyterhub', name: 'JupyterHub', url: 'https://jupyter.example.org' },
  celery: { type: 'celery', name: 'Task queue workers', broker: 'redis://127.0.0.1:6379/0' },
} as const;

export interface CheckTypeSite {
  configPath: string;
  dataDir: string;
}

export async function writeCheckTypeSite(options: { dir: string; nowMs: number }): Promise<CheckTypeSite> {
  const nowMs = Math.floor(options.nowMs / INTERVAL_MS) * INTERVAL_MS;
  const dataDir = path.join(options.dir, 'data');
  const configPath = path.join(options.dir, 'status.config.yaml');
  const configObject = {
    site: {
      title: 'Every check type',
      url: 'https://status.example.org',
      interval: '5m',
      retentionDays: RETENTION_DAYS,
    },
    sources: [{ id: 'admin', name: 'Admin node' }],
    checks: Object.entries(CHECK_TYPE_SITE_CHECKS).map(([id, check]) => ({ id, source: 'admin', ...check })),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(configPath, stringify(configObject));
  const results = await observeEveryType(ConfigSchema.parse(configObject), nowMs);
  const lines: SnapshotLine[] = [];
  for (let t = nowMs - RETENTION_DAYS * DAY_MS; t < nowMs; t += INTERVAL_MS) {
    lines.push({
      v: 1,
      t: new Date(t).toISOString(),
      source: 'admin',
      agent: { version: '0.1.0', host: 'admin1' },
      results: results.map((result) => varyResponseTime(result, t)),
    });
  }
  await writeSnapshotFixtures(dataDir, lines);
  return { configPath, dataDir };
}

/** One result per check, as the probes (or their parsers) make them. */
async function observeEveryType(
  config: ReturnType<typeof ConfigSchema.parse>,
  nowMs: number,
): Promise<CheckResult[]> {
  const byProbe = new Set(['slurm', 'pbs', 'gpu', 'systemd', 'filesystem', 'command', 'host']);
  const { results: probed } = await runChecks({
    checks: config.checks.filter((check) => byProbe.has(check.type)),
    state: { v: 1, checks: {} },
    probes: PROBES,
    concurrency: 4,
    deadlineMs: 20_000,
    failuresBeforeDown: 1,
    now: () => new Date(nowMs),
    run: answerPrograms({
      sinfo: { stdout: fixture('slurm/sinfo-documented-edge-cases.txt') },
      squeue: { stdout: fixture('slurm/squeue-22.05-gpu-jobs.txt') },
      scontrol: { stdout: fixture('slurm/scontrol-22.05-reservations.txt') },
      pbsnodes: { stdout: fixture('pbs/pbsnodes-documented-format.json') },
      qstat: { stdout: fixture('pbs/qstat-Q-documented-format.json') },
      pbs_rstat: { stdout: fixture('pbs/pbs_rstat-f-documented-format.txt') },
      'nvidia-smi': { stdout: fixture('gpu/a100-sxm4-8x.csv') },
      systemctl: { stdout: fixture('systemd/nginx.service.stdout') },
      stat: { stdout: '6553600 3276800 2621440 4096 1310720 1048576 ext2/ext3\n' },
      lfs: { stdout: fixture('lustre/lfs-df-healthy.txt') },
      'backup-status': { stdout: 'backup ok: version 2.39.5, 1200 files\n' },
    }),
  });
  const workers = config.checks.find((check) => check.type === 'process');
  if (workers?.type !== 'process') throw new Error('the site has no process check');
  const processObservation = await probeProcess(
    workers,
    makeProbeContext({ now: () => new Date(nowMs) }),
    fixturePath('process/proc'),
  );
  const redis = summarizeRedisInfo(parseRedisInfo(fixture('redis/info-7.0.15.txt')));
  const containers = ['inspect-web.json', 'inspect-worker.json', 'inspect-db.json'].map((file) =>
    judgeContainer(JSON.parse(fixture(`docker/${file}`))),
  );
  const made: CheckResult[] = [
    up(
      'portal',
      'HTTP 200 in 182 ms',
      {
        latencyMs: 182,
        connectMs: 12,
        tlsMs: 24,
        firstByteMs: 170,
        statusCode: 200,
        bodyBytes: 18_204,
        certDaysLeft: 61,
        queue_depth: 12,
      },
      { certExpires: new Date(nowMs + 61 * DAY_MS).toISOString() },
    ),
    up(
      'login-ssh',
      'connected in 4 ms',
      { connectMs: 4 },
      { banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3' },
    ),
    up(
      'cache',
      'PONG in 1 ms',
      { ...redis.metrics, pingMs: 1.2, 'queue:celery:length': 14, 'queue:resize:length': 0 },
      redis.detail,
    ),
    up(
      'portal-db',
      'SELECT 1 in 3 ms',
      { queryMs: 3.1, connectMs: 8, sizeBytes: 1_288_490_189, failed_jobs_last_hour: 3 },
      { version: '16.4 (Debian 16.4-1.pgdg120+1)' },
    ),
    up(
      'accounting-db',
      'SELECT 1 in 2 ms',
      { queryMs: 2.4, connectMs: 6, sizeBytes: 5_368_709_120 },
      { version: '10.11.6-MariaDB-0+deb12u1' },
    ),
    up(
      'jobs-db',
      'SELECT 1 in 0.2 ms',
      { queryMs: 0.2, connectMs: 0.4, sizeBytes: 4_194_304, oldest_pending_job_seconds: 90 },
      { version: '3.46.1' },
    ),
    {
      ...up(
        'lab',
        '3 containers: 2 running, 1 exited',
        {
          containers: 3,
          containersUp: containers.filter((c) => c.status === 'up').length,
          containersDegraded: containers.filter((c) => c.status === 'degraded').length,
          containersDown: containers.filter((c) => c.status === 'down').length,
          restarts: containers.reduce((sum, c) => sum + c.restartCount, 0),
          ...Object.fromEntries(containers.map((c) => [`container:${c.name}:restarts`, c.restartCount])),
        },
        { containers, project: 'lab' },
      ),
    },
    {
      id: 'workers',
      status: processObservation.status,
      ms: 3,
      message: processObservation.message,
      metrics: processObservation.metrics ?? {},
      detail: processObservation.detail ?? {},
    },
    up(
      'hub',
      'hub healthy in 95 ms',
      { latencyMs: 95, usersTotal: 412, usersActive: 37, serversRunning: 29, serversPending: 2 },
      { version: '5.2.1' },
    ),
    await observeCeleryFixture(config, nowMs),
  ];
  const order = Object.keys(CHECK_TYPE_SITE_CHECKS);
  return [...probed, ...made].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

function up(
  id: string,
  message: string,
  metrics: Record<string, number>,
  detail: Record<string, unknown>,
): CheckResult {
  return { id, status: 'up', ms: Math.max(1, metrics.latencyMs ?? 5), message, metrics, detail };
}

/** The result at run t: its response time (and the metric that measures it) moved by up to ±30 %. */
function varyResponseTime(result: CheckResult, t: number): CheckResult {
  const factor = 0.7 + ((Math.sin(t / 3_600_000 + result.id.length) + 1) / 2) * 0.6;
  const metrics = { ...result.metrics };
  for (const name of ['latencyMs', 'connectMs', 'pingMs', 'queryMs', 'statMs', 'durationMs']) {
    const value = metrics[name];
    if (value !== undefined) metrics[name] = Math.round(value * factor * 10) / 10;
  }
  return { ...result, ms: Math.round(result.ms * factor * 10) / 10, metrics };
}
