import { z } from 'zod';
import { DurationSchema } from '../duration.ts';
import { BaseCheckFields } from './base-check.ts';

/**
 * Celery workers seen through the control API: `celery inspect ping|active|reserved|scheduled|registered
 * --json` run through the command runner, or Flower's `/api/workers` when `flower` is set.
 */
export const CeleryCheckSchema = z
  .strictObject({
    ...BaseCheckFields,
    type: z
      .literal('celery')
      .meta({ description: 'Celery workers: names, active/reserved/scheduled tasks, registered tasks.' }),
    /** Five `celery inspect` programs start Python at once, and a broker that is down is retried for ~9 s. */
    timeout: DurationSchema.prefault('20s').meta({
      description: 'How long the inspect commands (or the Flower request) may take before the check is down.',
    }),
    /**
     * The broker the workers listen on, passed to celery as CELERY_BROKER_URL (never on its command
     * line); its password is redacted everywhere. Give the password as `${ENV_VAR}`.
     */
    broker: z
      .string()
      .regex(/^[a-z][a-z\d+.-]*:\/\//i, {
        error: 'expected a broker URL such as "redis://127.0.0.1:6379/0" or "amqp://rabbit.internal//"',
      })
      .optional()
      .meta({
        description:
          "Broker URL (redis://, rediss://, amqp://, sqs://…), passed as CELERY_BROKER_URL; its password is never stored or shown. Default: the app's own broker_url.",
        examples: ['redis://127.0.0.1:6379/0', 'redis://:${REDIS_PASSWORD}@cache.internal:6379/0'],
      }),
    /** The Celery app module (`celery -A <app>`), for a broker or settings only the app knows. */
    app: z
      .string()
      .regex(/^[\w.:]+$/, { error: 'expected a Python module path such as "proj" or "proj.celery:app"' })
      .optional()
      .meta({ description: 'Celery app to load (`celery -A <app>`).', examples: ['imaging.worker'] }),
    /** Directory celery runs in: where the app module is importable from. */
    cwd: z
      .string()
      .min(1)
      .optional()
      .meta({
        description: 'Directory the celery program runs in (where `app` is importable).',
        examples: ['/srv/imaging'],
      }),
    /** The celery program and any leading arguments, run without a shell. */
    command: z
      .array(z.string().min(1))
      .min(1, { error: 'expected the celery program, e.g. ["celery"] or ["python3", "-m", "celery"]' })
      .default(['celery'])
      .meta({
        description:
          'The celery program, run without a shell (Debian\'s python3-celery has no `celery` script: use ["python3", "-m", "celery"]).',
        examples: [['python3', '-m', 'celery'], ['/srv/imaging/venv/bin/celery']],
      }),
    /** How long each inspect waits for workers' replies (`--timeout`); every inspect waits this long. */
    replyTimeout: DurationSchema.prefault('1s').meta({
      description: "How long celery waits for the workers' replies (`inspect --timeout`).",
      examples: ['1s', '3s'],
    }),
    /** Flower's address: `/api/workers?refresh=1` is read instead of running celery. */
    flower: z
      .url({
        protocol: /^https?$/,
        error: 'expected Flower\'s http(s) address such as "http://127.0.0.1:5555"',
      })
      .optional()
      .meta({
        description:
          "Flower's address; when set, its REST API (`/api/workers?refresh=1`) is read instead of running celery. Basic-auth credentials in it are redacted.",
        examples: ['http://127.0.0.1:5555', 'https://monitor:${FLOWER_PASSWORD}@flower.internal'],
      }),
    /** Down when fewer workers than this answer. */
    minWorkers: z
      .int()
      .min(0, { error: 'expected 0 or more workers' })
      .default(1)
      .meta({ description: 'Down when fewer workers than this answer.', examples: [1, 4] }),
    /** Task names at least one worker must have registered; down when one is missing. */
    expectTasks: z
      .array(z.string().min(1))
      .default([])
      .meta({
        description: 'Task names some worker must have registered; the check is down when one is missing.',
        examples: [['imaging.tasks.resize', 'imaging.tasks.thumbnail']],
      }),
    /** Most bytes kept of each inspect's output (active tasks carry their arguments). */
    maxOutputBytes: z
      .int()
      .min(65_536)
      .default(8_388_608)
      .meta({ description: "Most bytes kept of each inspect output or of Flower's reply." }),
  })
  .refine((check) => check.broker !== undefined || check.app !== undefined || check.flower !== undefined, {
    error: 'give broker (or app, whose settings name one), or flower',
    path: ['broker'],
  });
export type CeleryCheck = z.infer<typeof CeleryCheckSchema>;
