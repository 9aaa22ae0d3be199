// The technical dashboard's job and rate-limit tables (test/fixtures/sql/image-processor.sql) and the
// `tables:` a check declares over them, with the rows every tested database must keep.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const IMAGE_PROCESSOR_SQL = readFileSync(
  path.join(import.meta.dirname, '../fixtures/sql/image-processor.sql'),
  'utf8',
);

/** The dashboard's three tables: last 10 jobs, last 10 failures, users at 80 % of 50 uploads an hour. */
export const DASHBOARD_TABLES = {
  recent_jobs: {
    title: 'Last 10 jobs',
    query:
      'SELECT id, image_id, status, created_at, completed_at FROM processing_jobs ORDER BY created_at DESC LIMIT 10',
  },
  recent_failures: {
    title: 'Last 10 failures',
    query:
      "SELECT id, image_id, error_message, attempts, failed_at FROM processing_jobs WHERE status = 'failed' ORDER BY failed_at DESC LIMIT 10",
  },
  users_near_limit: {
    title: 'Users near their rate limit',
    query:
      'SELECT user_id, upload_count AS uploads, 50 AS upload_limit, upload_count * 2 AS percent_used, window_start FROM upload_rate_limits WHERE upload_count * 100 >= 80 * 50 ORDER BY upload_count DESC',
  },
};

export const EXPECTED_DASHBOARD_TABLES = {
  recent_jobs: {
    title: 'Last 10 jobs',
    columns: ['id', 'image_id', 'status', 'created_at', 'completed_at'],
    rows: [
      ['12', 'img-012', 'pending', '2026-12-01 09:55:00', ''],
      ['11', 'img-011', 'pending', '2026-12-01 09:50:00', ''],
      ['10', 'img-010', 'failed', '2026-12-01 09:45:00', ''],
      ['9', 'img-009', 'completed', '2026-12-01 09:40:00', '2026-12-01 09:40:02'],
      ['8', 'img-008', 'processing', '2026-12-01 09:35:00', ''],
      ['7', 'img-007', 'completed', '2026-12-01 09:30:00', '2026-12-01 09:30:03'],
      ['6', 'img-006', 'failed', '2026-12-01 09:25:00', ''],
      ['5', 'img-005', 'completed', '2026-12-01 09:20:00', '2026-12-01 09:20:05'],
      ['4', 'img-004', 'completed', '2026-12-01 09:15:00', '2026-12-01 09:15:02'],
      ['3', 'img-003', 'failed', '2026-12-01 09:10:00', ''],
    ],
    truncated: false,
  },
  recent_failures: {
    title: 'Last 10 failures',
    columns: ['id', 'image_id', 'error_message', 'attempts', 'failed_at'],
    rows: [
      ['10', 'img-010', 'MemoryError: image too large (24000x24000)', '2', '2026-12-01 09:45:40'],
      [
        '6',
        'img-006',
        'upload to https://imaging:***@storage.internal/bucket failed: 503',
        '3',
        '2026-12-01 09:26:10',
      ],
      ['3', 'img-003', 'PIL.UnidentifiedImageError: cannot identify image file', '3', '2026-12-01 09:10:31'],
    ],
    truncated: false,
  },
  users_near_limit: {
    title: 'Users near their rate limit',
    columns: ['user_id', 'uploads', 'upload_limit', 'percent_used', 'window_start'],
    rows: [
      ['user-ada', '48', '50', '96', '2026-12-01 09:00:00'],
      ['user-bob', '40', '50', '80', '2026-12-01 09:10:00'],
    ],
    truncated: false,
  },
};
