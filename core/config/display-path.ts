import path from 'node:path';

/**
 * A file as every message names it, openable from where the command was run: relative to the
 * working directory when it lies inside it ("data/incidents/x.md"), absolute when it does not
 * ("/srv/status/data/incidents/x.md"); never relative to some other folder.
 */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  const outside = relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`);
  return outside || path.isAbsolute(relative) ? absolute : relative;
}
