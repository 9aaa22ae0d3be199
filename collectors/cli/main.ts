import { ConfigError } from '../../core/config/config-error.ts';
import { VIGIL_VERSION } from '../../core/version.ts';
import { EXIT, NotWrittenError, UsageError } from './cli-error.ts';

type CommandRun = (args: string[]) => Promise<number>;

/**
 * Every command, each imported only when it runs: `vigil --help` loads none of them, and
 * `vigil collect` loads neither the site build nor git. `usage` is the first line of the
 * command's own help, without "Usage: " (a unit test holds them equal).
 */
export const COMMANDS: Record<string, { usage: string; load: (args: string[]) => Promise<CommandRun> }> = {
  collect: {
    usage:
      'vigil collect [--config FILE] [--data DIR] [--source NAME] [--only ID,…] [--all] [--dry-run] [--json] [--publish] [--render [--out DIR]]',
    load: async (args) => {
      // The first probe runner starts now, so its Node start overlaps loading the collector and the config.
      if (!args.includes('--help')) (await import('../run/spare-runner.ts')).forkSpareRunner();
      return (await import('./collect-command.ts')).collectCommand;
    },
  },
  build: {
    usage: 'vigil build [--config FILE] [--data DIR] [--out DIR]',
    load: async () => (await import('./build-command.ts')).buildCommand,
  },
  validate: {
    usage: 'vigil validate [--config FILE] [--data DIR]',
    load: async () => (await import('./validate-command.ts')).validateCommand,
  },
  incident: {
    usage:
      'vigil incident new --title TEXT --affected ID,… [--kind maintenance --start TIME --end TIME] [--impact LEVEL] [--config FILE] [--data DIR]',
    load: async () => (await import('./incident-command.ts')).incidentCommand,
  },
  publish: {
    usage: 'vigil publish [--data DIR] [--remote NAME] [--branch NAME] [--compact] [--source NAME]',
    load: async () => (await import('./publish-command.ts')).publishCommand,
  },
  notify: {
    usage: 'vigil notify test PROVIDER [--config FILE]',
    load: async () => (await import('./notify-command.ts')).notifyCommand,
  },
  heartbeat: {
    usage:
      'vigil heartbeat ID [--status up|degraded|down] [--message TEXT] [--config FILE] [--data DIR] [--verbose]',
    load: async () => (await import('./heartbeat-command.ts')).heartbeatCommand,
  },
  init: {
    usage:
      'vigil init [--config FILE] [--yes] [--dry-run] [--force] [--timeout DURATION] [--schedule github|gitlab|systemd|cron [--publish] [--data DIR]]',
    load: async () => (await import('./init-command.ts')).initCommand,
  },
  start: {
    usage: 'vigil start [--config FILE] [--data DIR] [--out DIR] [--port N] [--host ADDR] [--once]',
    load: async () => (await import('./start-command.ts')).startCommand,
  },
  import: {
    usage:
      'vigil import gatus|upptime|kuma FILE [--out FILE] [--force] [--dry-run] [--history [--repo DIR] [--data DIR]]',
    load: async () => (await import('./import-command.ts')).importCommand,
  },
  watch: {
    usage:
      'vigil watch [--config FILE] [--data DIR] [--out DIR] [--port N] [--host ADDR] [--publish-every DURATION] [--source NAME] [--collect-only]',
    load: async () => (await import('./watch-command.ts')).watchCommand,
  },
};

const USAGE = `vigil ${VIGIL_VERSION}: a status website that lives in a git repository

Commands:
${Object.values(COMMANDS)
  .map((command) => `  ${command.usage}`)
  .join('\n')}

Run "vigil <command> --help" or "vigil help <command>" for details; "vigil --version" (-v) prints the version.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  // `vigil help collect` is `vigil collect --help`.
  if (name === 'help' && args[0] !== undefined) return main([args[0], '--help']);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? EXIT.invalidInput : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VIGIL_VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command)
    throw new UsageError(
      `vigil: unknown command "${name}"; expected one of ${Object.keys(COMMANDS).join(', ')}`,
    );
  return (await command.load(args))(args);
}

// Commands that end when their work is done; `start` and `watch` are done once a signal stopped them.
const RUN_TO_COMPLETION = new Set([
  'collect',
  'build',
  'validate',
  'incident',
  'publish',
  'notify',
  'heartbeat',
  'init',
  'import',
  'start',
  'watch',
]);
/** How long a finished command waits for its output to drain before it exits anyway. */
const EXIT_GRACE_MS = 500;

/**
 * Runs one vigil command and maps what went wrong to the documented exit codes. Once a command's work
 * is done the process exits, whatever is still pending (a driver's keep-alive socket, a probe stuck
 * in the kernel): under cron, a run that lingers piles up behind the next.
 */
export async function runCli(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    reportFailure(error);
  }
  if (RUN_TO_COMPLETION.has(argv[0] ?? '') && !argv.includes('--help')) {
    setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
  }
}

function reportFailure(error: unknown): void {
  if (error instanceof ConfigError || error instanceof UsageError) {
    console.error(error.message);
    process.exitCode = EXIT.invalidInput;
  } else if (error instanceof NotWrittenError) {
    console.error(error.message);
    process.exitCode = EXIT.notWritten;
  } else {
    console.error(error);
    process.exitCode = EXIT.notWritten;
  }
}
