import type { CheckOfType } from '../../../core/model/index.ts';

/**
 * WARM_UP_CHECKS (../registry.ts) as the config schema parses them, with the ids the coordinator gives
 * them (test/unit/collectors/probes/shared/warm-up-checks.test.ts holds the two equal). The spare runner
 * warms up with these before the coordinator has read its config, without loading the schema.
 */
export const PARSED_WARM_UP_CHECKS: { http: CheckOfType<'http'>; tcp: CheckOfType<'tcp'> } = {
  http: {
    id: 'warm-up-http',
    formerIds: [],
    enabled: true,
    timeout: 10000,
    retries: 1,
    thresholds: {},
    type: 'http',
    url: 'http://127.0.0.1/',
    method: 'GET',
    headers: {},
    expectedStatus: ['2xx'],
    followRedirects: true,
    maxRedirects: 5,
    json: [],
    insecure: false,
    maxBodyBytes: 1048576,
    name: 'warm-up-http',
    source: 'local',
  },
  tcp: {
    id: 'warm-up-tcp',
    formerIds: [],
    enabled: true,
    timeout: 10000,
    retries: 1,
    thresholds: {},
    type: 'tcp',
    host: '127.0.0.1',
    port: 1,
    name: 'warm-up-tcp',
    source: 'local',
  },
};
