import { resolveConfigPath } from '../../core/config/config-paths.ts';
import { loadConfig, requireVariables } from '../../core/config/load-config.ts';
import { countNoun } from '../../core/count-noun.ts';
import { createRedactor } from '../../core/redact/redact.ts';
import { sendTestAlert } from '../notify/send-test-alert.ts';
import { EXIT, UsageError } from './cli-error.ts';
import { parseFlags } from './parse-flags.ts';

export const NOTIFY_HELP = `Usage: vigil notify test PROVIDER [--config FILE]

Sends a test alert through one of alerts.providers (by its id), so an operator can check its address
and credentials; it goes now, with the provider's retries, and never through the outbox.
  --config FILE   config file (default: status.config.yaml, or $VIGIL_CONFIG)
Exit status: 0 delivered, 1 invalid config or flags, unknown provider or a secret written in the file,
2 not delivered (the reason is printed).`;

/** `vigil notify test PROVIDER`. */
export async function notifyCommand(args: string[]): Promise<number> {
  const [action, providerId, ...rest] = args;
  if (action === undefined || action === '--help' || action === '-h') {
    process.stdout.write(`${NOTIFY_HELP}\n`);
    return action === undefined ? EXIT.invalidInput : EXIT.ok;
  }
  if (action !== 'test')
    throw new UsageError(
      `vigil notify: unknown action "${action}"; expected "test"; see "vigil notify --help"`,
    );
  if (providerId === undefined || providerId.startsWith('-'))
    throw new UsageError(
      'vigil notify test: name the provider to test, by its id in alerts.providers: "vigil notify test ops-mail"',
    );
  const flags = parseFlags('notify', rest, { config: { type: 'string' } });
  if (flags.help) {
    process.stdout.write(`${NOTIFY_HELP}\n`);
    return EXIT.ok;
  }
  const loaded = await loadConfig({ path: resolveConfigPath(flags.config), needs: () => false });
  const index = loaded.config.alerts.providers.findIndex((provider) => provider.id === providerId);
  requireVariables(loaded, (path) => path[0] === 'alerts' && path[1] === 'providers' && path[2] === index);
  const redact = createRedactor(loaded.secrets);
  const outcome = await sendTestAlert(loaded.config, providerId, loaded.interpolated);
  switch (outcome.status) {
    case 'unknown-provider':
      throw new UsageError(
        `vigil notify test: no provider "${providerId}" in alerts.providers (known: ${outcome.known.join(', ') || 'none'})`,
      );
    case 'inline-secret':
      throw new UsageError(
        `vigil notify test: alerts.providers[${providerId}].${outcome.fields.join(', ')} is written in the config file; put it in the environment and write "\${VARIABLE}" there`,
      );
    case 'sent':
      console.log(`vigil notify: ${providerId}: test alert sent (${countNoun(outcome.attempts, 'attempt')})`);
      return EXIT.ok;
    case 'failed':
      console.error(
        redact(
          `vigil notify: ${providerId}: test alert not delivered after ${countNoun(outcome.attempts, 'attempt')}: ${outcome.reason}`,
        ),
      );
      return EXIT.notWritten;
  }
}
