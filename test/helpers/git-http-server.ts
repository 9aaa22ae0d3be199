// A git server over smart HTTP on 127.0.0.1 that asks for a password, as GitLab asks a push for a
// token: git's own git-http-backend (CGI) behind HTTP basic authentication.
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import path from 'node:path';
import { type LoopbackServer, listenOnLoopback } from './loopback-server.ts';

const HTTP_BACKEND = path.join(
  execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim(),
  'git-http-backend',
);

export interface GitHttpServer extends LoopbackServer {
  /** http://127.0.0.1:PORT, the repositories below it by their folder names. */
  url: string;
  /** Every request's user and whether its password was right (undefined: none was sent). */
  attempts: { user: string | undefined; accepted: boolean }[];
}

/** Serves the bare repositories in `root` to `user` with `password`; anyone else gets a 401. */
export async function startGitHttpServer(
  root: string,
  user: string,
  password: string,
): Promise<GitHttpServer> {
  const attempts: GitHttpServer['attempts'] = [];
  const server = createServer((request, response) => {
    const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
    const [givenUser, givenPassword] =
      scheme === 'Basic'
        ? Buffer.from(encoded ?? '', 'base64')
            .toString()
            .split(/:(.*)/s)
        : [];
    const accepted = givenUser === user && givenPassword === password;
    attempts.push({ user: givenUser, accepted });
    if (!accepted) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const backend = spawn(HTTP_BACKEND, [], {
      env: {
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: request.method ?? 'GET',
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: String(request.headers['content-encoding'] ?? ''),
        GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
        REMOTE_USER: user,
        REMOTE_ADDR: '127.0.0.1',
      },
    });
    request.pipe(backend.stdin);
    // CGI: headers (Status: among them), a blank line, then the body.
    let head = Buffer.alloc(0);
    let sentHead = false;
    backend.stdout.on('data', (chunk: Buffer) => {
      if (sentHead) return void response.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const [name, value] = line.split(/:\s*(.*)/s) as [string, string];
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      response.writeHead(status, headers);
      response.write(head.subarray(end + 4));
      sentHead = true;
    });
    backend.on('close', () => response.end());
  });
  const listening = await listenOnLoopback(server);
  return { ...listening, url: `http://127.0.0.1:${listening.port}`, attempts };
}
