import path from 'node:path';
import type { ListenerProcess } from './listener-processes.ts';

/** What a listening port is, by the process that holds it, else by the port's usual owner. */
export type ListenerKind =
  | 'web-server'
  | 'app-server'
  | 'redis'
  | 'postgres'
  | 'mysql'
  | 'ssh'
  | 'jupyterhub'
  | 'vigil'
  | 'docker-proxy'
  | 'unknown';

export interface ListenerClass {
  kind: ListenerKind;
  /** The program's name for labels and ids: "nginx", "redis-server", "gunicorn". */
  program: string;
  /**
   * True when only the port number suggested the kind (the process was unreadable or unknown):
   * such a finding is kept only when its probe answers.
   */
  byPortOnly: boolean;
}

const WEB_SERVERS = new Set(['nginx', 'apache2', 'httpd', 'caddy', 'lighttpd', 'haproxy', 'traefik']);
const APP_SERVERS = new Set([
  'node',
  'nodejs',
  'deno',
  'bun',
  'gunicorn',
  'uvicorn',
  'hypercorn',
  'daphne',
  'ruby',
  'puma',
  'unicorn',
  'java',
  'dotnet',
  'php',
]);
const PYTHON = /^python[\d.]*$/;
const DATABASES: Record<string, ListenerKind> = {
  'redis-server': 'redis',
  'valkey-server': 'redis',
  'keydb-server': 'redis',
  postgres: 'postgres',
  postmaster: 'postgres',
  mysqld: 'mysql',
  mariadbd: 'mysql',
  sshd: 'ssh',
  dropbear: 'ssh',
};
const WELL_KNOWN_PORTS: Record<number, ListenerKind> = {
  22: 'ssh',
  80: 'web-server',
  443: 'web-server',
  3306: 'mysql',
  5432: 'postgres',
  6379: 'redis',
};
const VIGIL_ENTRY = /(^|\/)collectors\/cli\/vigil\.js$/;

/** Classifies a listener: its process first (name, then command line), its port second. */
export function classifyListener(process: ListenerProcess | undefined, port: number): ListenerClass {
  const byProcess = process === undefined ? undefined : classifyProcess(process);
  if (byProcess !== undefined && byProcess.kind !== 'unknown') return byProcess;
  const byPort = WELL_KNOWN_PORTS[port];
  const program = byProcess?.program ?? 'unknown process';
  if (byPort !== undefined) return { kind: byPort, program, byPortOnly: true };
  return { kind: 'unknown', program, byPortOnly: false };
}

function classifyProcess(process: ListenerProcess): ListenerClass {
  const argv0 = path.basename(process.argv[0] ?? '').split(/[: ]/)[0] ?? '';
  const names = [process.comm, argv0].filter((name) => name !== '');
  const program = process.comm || argv0 || `pid ${process.pid}`;
  const found = (kind: ListenerKind, name = program): ListenerClass => ({
    kind,
    program: name,
    byPortOnly: false,
  });
  if (isVigil(process)) return found('vigil', 'vigil');
  if (names.includes('docker-proxy')) return found('docker-proxy', 'docker-proxy');
  const hubPart = process.argv.map((arg) => path.basename(arg)).find(isJupyterHubPart);
  if (hubPart !== undefined) return found('jupyterhub', hubPart);
  for (const name of names) {
    const database = DATABASES[name];
    if (database !== undefined) return found(database, name);
    if (WEB_SERVERS.has(name)) return found('web-server', name);
  }
  const app = names.find((name) => APP_SERVERS.has(name) || PYTHON.test(name));
  if (app !== undefined) return found('app-server', findAppName(process) ?? app);
  return found('unknown');
}

// Vigil's own servers (`vigil watch --port`, `vigil start`) are not something to watch with Vigil:
// node running collectors/cli/vigil.js, or the `vigil` bin that links to it.
function isVigil(process: ListenerProcess): boolean {
  if (process.argv.some((arg) => VIGIL_ENTRY.test(arg))) return true;
  const [program, script] = process.argv;
  return path.basename(program ?? '').startsWith('node') && path.basename(script ?? '') === 'vigil';
}

// The hub and its proxy; not jupyterhub-singleuser, a user's own notebook server.
function isJupyterHubPart(name: string): boolean {
  return name === 'jupyterhub' || name === 'configurable-http-proxy';
}

/** An interpreter's server by its script ("gunicorn", "uvicorn"), when its command line names one. */
function findAppName(process: ListenerProcess): string | undefined {
  const script = process.argv
    .slice(1)
    .map((arg) => path.basename(arg))
    .find((name) => APP_SERVERS.has(name) && !PYTHON.test(name));
  return script;
}
