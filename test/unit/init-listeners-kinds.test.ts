import { describe, expect, it } from 'vitest';
import { chooseListenerHost, groupListeners } from '../../collectors/init/discover-listeners.ts';
import { describeHttpCheck } from '../../collectors/init/listener-http-check.ts';
import { classifyListener } from '../../collectors/init/listener-kinds.ts';
import type { ListenerProcess } from '../../collectors/init/listener-processes.ts';

function process(comm: string, ...argv: string[]): ListenerProcess {
  return { pid: 4242, comm, argv: argv.length === 0 ? [comm] : argv };
}

describe('classifyListener', () => {
  it.each([
    [process('nginx', 'nginx: master process /usr/sbin/nginx'), 8080, 'web-server', 'nginx'],
    [process('apache2', '/usr/sbin/apache2', '-k', 'start'), 80, 'web-server', 'apache2'],
    [process('caddy', '/usr/bin/caddy', 'run'), 2019, 'web-server', 'caddy'],
    [process('node', 'node', 'server.js'), 3000, 'app-server', 'node'],
    [process('python3', '/usr/bin/python3', '-m', 'gunicorn', 'app:app'), 8000, 'app-server', 'gunicorn'],
    [
      process('gunicorn', '/srv/venv/bin/python3', '/srv/venv/bin/gunicorn', 'app:app'),
      8000,
      'app-server',
      'gunicorn',
    ],
    [process('python3.12', 'python3.12', '-m', 'http.server'), 8001, 'app-server', 'python3.12'],
    [process('java', '/usr/bin/java', '-jar', 'app.jar'), 8080, 'app-server', 'java'],
    [process('redis-server', '/usr/bin/redis-server 127.0.0.1:6390'), 6390, 'redis', 'redis-server'],
    [
      process('postgres', '/usr/lib/postgresql/16/bin/postgres', '-D', '/var/lib/postgresql'),
      5433,
      'postgres',
      'postgres',
    ],
    [process('mariadbd', '/usr/sbin/mariadbd'), 3307, 'mysql', 'mariadbd'],
    [process('mysqld', '/usr/sbin/mysqld'), 3306, 'mysql', 'mysqld'],
    [process('sshd', 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'), 2222, 'ssh', 'sshd'],
    [
      process('jupyterhub', '/usr/bin/python3', '/usr/local/bin/jupyterhub', '-f', 'c.py'),
      8081,
      'jupyterhub',
      'jupyterhub',
    ],
    [process('python3', 'python3', '-m', 'jupyterhub'), 8081, 'jupyterhub', 'jupyterhub'],
    [
      process('node', 'node', '/usr/local/bin/configurable-http-proxy', '--ip', ''),
      8000,
      'jupyterhub',
      'configurable-http-proxy',
    ],
    [process('python3', 'python3', '/usr/local/bin/jupyterhub-singleuser'), 45000, 'app-server', 'python3'],
    [
      process('node', '/usr/bin/node', '/srv/vigil/collectors/cli/vigil.js', 'watch', '--port', '4321'),
      4321,
      'vigil',
      'vigil',
    ],
    [process('node', 'node', '/srv/status/node_modules/.bin/vigil', 'start'), 4321, 'vigil', 'vigil'],
    [process('docker-proxy', '/usr/bin/docker-proxy', '-proto', 'tcp'), 8080, 'docker-proxy', 'docker-proxy'],
    [process('avahi-daemon', 'avahi-daemon: running [vm.local]'), 5353, 'unknown', 'avahi-daemon'],
  ])('%j on port %i → %s (%s)', (owner, port, kind, program) => {
    expect(classifyListener(owner, port)).toEqual({ kind, program, byPortOnly: false });
  });

  it('falls back to the port when the process is unknown or unseen, and says so', () => {
    expect(classifyListener(undefined, 6379)).toEqual({
      kind: 'redis',
      program: 'unknown process',
      byPortOnly: true,
    });
    expect(classifyListener(process('valkey-srv'), 6379)).toEqual({
      kind: 'redis',
      program: 'valkey-srv',
      byPortOnly: true,
    });
    expect(classifyListener(undefined, 39211)).toEqual({
      kind: 'unknown',
      program: 'unknown process',
      byPortOnly: false,
    });
  });
});

describe('chooseListenerHost', () => {
  it.each([
    [['0.0.0.0', '::'], '127.0.0.1'],
    [['127.0.0.1'], '127.0.0.1'],
    [['::'], '::1'],
    [['::1'], '::1'],
    [['::ffff:127.0.0.1'], '127.0.0.1'],
    [['127.0.0.53'], '127.0.0.53'],
    [['10.0.0.5', 'fd00::5'], '10.0.0.5'],
    [['fd00::5'], 'fd00::5'],
  ])('%j → %s', (addresses, host) => {
    expect(chooseListenerHost(addresses)).toBe(host);
  });
});

describe('groupListeners', () => {
  it('makes one listener of a process’s IPv4 and IPv6 sockets on one port', () => {
    const nginx = process('nginx');
    const owners = new Map([
      [1, nginx],
      [2, nginx],
      [3, { ...nginx, pid: 5000, comm: 'node', argv: ['node'] }],
    ]);
    const listeners = groupListeners(
      [
        { family: 4, address: '0.0.0.0', port: 80, inode: 1 },
        { family: 6, address: '::', port: 80, inode: 2 },
        { family: 4, address: '127.0.0.1', port: 3000, inode: 3 },
        { family: 4, address: '0.0.0.0', port: 22, inode: 9 },
      ],
      owners,
    );
    expect(
      listeners.map(({ port, host, addresses, classified }) => [port, host, addresses, classified.kind]),
    ).toEqual([
      [22, '127.0.0.1', ['0.0.0.0'], 'ssh'],
      [80, '127.0.0.1', ['0.0.0.0', '::'], 'web-server'],
      [3000, '127.0.0.1', ['127.0.0.1'], 'app-server'],
    ]);
  });
});

describe('describeHttpCheck', () => {
  const answer = {
    url: 'http://127.0.0.1:8080/',
    isCertificateUnverified: false,
    message: 'HTTP 200 in 2 ms',
  };
  it.each([
    [200, {}],
    [301, { followRedirects: false, expectedStatus: ['3xx'] }],
    [401, { expectedStatus: [401] }],
    [502, {}],
  ])('HTTP %i → %j', (statusCode, fields) => {
    expect(describeHttpCheck({ ...answer, statusCode }).fields).toEqual(fields);
  });

  it('accepts a certificate that does not verify for the address, and says why', () => {
    const written = describeHttpCheck({
      ...answer,
      url: 'https://127.0.0.1:8443/',
      statusCode: 200,
      isCertificateUnverified: true,
    });
    expect(written.fields).toEqual({ insecure: true });
    expect(written.comment[0]).toContain('does not verify for 127.0.0.1');
  });
});
