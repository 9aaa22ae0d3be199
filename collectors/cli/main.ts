import { ConfigError } from '../../core/config/config-error.ts';
import { VIGIL_VERSION } from '../../core/version.ts';
import { BUILD_HELP, buildCommand } from './build-command.ts';
import { EXIT, UsageError } from './cli-error.ts';
import { COLLECT_HELP, collectCommand } from './collect-command.ts';
import { INCIDENT_HELP, incidentCommand } from './incident-command.ts';
import { NOTIFY_HELP, notifyCommand } from './notify-command.ts';
import { PUBLISH_HELP, publishCommand } from './publish-command.ts';
import { START_HELP, startCommand } from './start-command.ts';
import { VALIDATE_HELP, validateCommand } from './validate-command.ts';

const COMMANDS: Record<string, { run: (args: string[]) => Promise<number>; help: string }> = {
  collect: { run: collectCommand, help: COLLECT_HELP },
  build: { run: buildCommand, help: BUILD_HELP },
  validate: { run: validateCommand, help: VALIDATE_HELP },
  incident: { run: incidentCommand, help: INCIDENT_HELP },
  publish: { run: publishCommand, help: PUBLISH_HELP },
  notify: { run: notifyCommand, help: NOTIFY_HELP },
  start: { run: startCommand, help: START_HELP },
};

const USAGE = `vigil ${VIGIL_VERSION}: a status website that lives in a git repository

Commands:
${Object.values(COMMANDS)
  .map((command) => `  ${command.help.split('\n')[0]?.replace(/^Usage: /, '')}`)
  .join('\n')}

Run "vigil <command> --help" for details.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name === undefined ? EXIT.invalidInput : EXIT.ok;
  }
  if (name === '--version') {
    process.stdout.write(`${VIGIL_VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command)
    throw new UsageError(
      `vigil: unknown command "${name}"; expected one of ${Object.keys(COMMANDS).join(', ')}`,
    );
  return command.run(args);
}

// Commands that end when their work is done; `start` serves until stopped.
const RUN_TO_COMPLETION = new Set(['collect', 'build', 'validate', 'incident', 'publish', 'notify']);
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
  } else {
    console.error(error);
    process.exitCode = EXIT.notWritten;
  }
}
