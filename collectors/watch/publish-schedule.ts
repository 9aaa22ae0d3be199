import type { Config } from '../../core/model/index.ts';

export interface PublishScheduleOptions {
  config: Config;
  dataDir: string;
  source: string;
  everyMs: number;
  /** The session's write queue: publish's git work in the data folder runs while no batch writes. */
  holdWrites: <T>(work: () => Promise<T>) => Promise<T>;
  print: (line: string) => void;
  warn: (line: string) => void;
}

export interface PublishSchedule {
  /** Stops the timer; waits at most `graceMs` for a publish in flight. */
  stop(graceMs: number): Promise<void>;
}

/**
 * `vigil watch --publish-every`: commits and pushes this source's data on its own timer, beside the
 * runs (never blocking one for longer than its local git work: staging, committing, a rebase), at
 * most one publish at a time; a publish still going when the next is due skips that turn.
 */
export function startPublishSchedule(options: PublishScheduleOptions): PublishSchedule {
  let publishing: Promise<void> | undefined;
  const publishNow = () => {
    if (publishing !== undefined) return;
    publishing = (async () => {
      try {
        // git and the publisher load only when a publish is due.
        const { getPublishSettings, runPublish } = await import('../cli/publish-command.ts');
        await runPublish(
          {
            ...getPublishSettings(options.config, options.dataDir, options.source),
            holdWrites: options.holdWrites,
          },
          options.print,
        );
      } catch (error) {
        options.warn(
          `vigil watch: warning: publish failed: ${error instanceof Error ? error.message : String(error)}; next try in one period`,
        );
      } finally {
        publishing = undefined;
      }
    })();
  };
  const timer = setInterval(publishNow, options.everyMs);
  return {
    async stop(graceMs) {
      clearInterval(timer);
      if (publishing === undefined) return;
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        publishing,
        new Promise<void>((resolve) => {
          timeout = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timeout);
    },
  };
}
