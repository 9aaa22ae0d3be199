import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyThresholds } from '../../../../../collectors/evaluate/apply-thresholds.ts';
import { dnsProbe } from '../../../../../collectors/probes/dns/probe-dns.ts';
import type { DnsCheck } from '../../../../../core/model/index.ts';
import { SVC_TEST_RECORDS } from '../../../../fixtures/dns/svc-test-zone.ts';
import { parseCheck } from '../../../../helpers/parse-check.ts';
import { makeProbeContext } from '../../../../helpers/probe-context.ts';
import { type DnsmasqServer, hasDnsmasq, startDnsmasq } from '../../../../helpers/services/start-dnsmasq.ts';

let server: DnsmasqServer;

/** A dns check with Gatus conditions, loaded as the config loads it. */
function conditionsCheck(name: string, conditions: string[]): DnsCheck {
  const check = parseCheck({
    id: 'dns',
    type: 'dns',
    server: '127.0.0.1',
    port: server.port,
    name,
    conditions,
  });
  if (check.type !== 'dns') throw new Error('expected a dns check');
  return check;
}

// On CI a missing dnsmasq fails (startDnsmasq says what to install); on a workstation without it, skipped.
describe.skipIf(!hasDnsmasq() && !process.env.CI)(
  'dns checks with Gatus conditions against a real dnsmasq',
  () => {
    beforeAll(async () => {
      server = await startDnsmasq({ records: SVC_TEST_RECORDS });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('is up when the rcode, the answer and the query time hold', async () => {
      const check = conditionsCheck('svc.test', [
        '[DNS_RCODE] == NOERROR',
        '[BODY] == 127.0.0.5',
        '[RESPONSE_TIME] < 60000',
      ]);
      expect(check).toMatchObject({ expectedRcode: 'NOERROR', expect: ['127.0.0.5'] });
      const observation = await dnsProbe.probe(check, makeProbeContext());
      expect(observation.status).toBe('up');
      expect(applyThresholds(observation.metrics ?? {}, check.thresholds, { type: 'dns' }).status).toBe('up');
    });

    it('is down when the answer is not the one the condition names', async () => {
      const observation = await dnsProbe.probe(
        conditionsCheck('svc.test', ['[DNS_RCODE] == NOERROR', '[BODY] == 127.0.0.9']),
        makeProbeContext(),
      );
      expect(observation.status).toBe('down');
      expect(observation.message).toContain('127.0.0.9');
    });

    it('[DNS_RCODE] == NXDOMAIN is up for a name that does not exist', async () => {
      const observation = await dnsProbe.probe(
        conditionsCheck('nope.svc.test', ['[DNS_RCODE] == NXDOMAIN']),
        makeProbeContext(),
      );
      expect(observation.status).toBe('up');
    });

    it('[RESPONSE_TIME] judges the query time', async () => {
      const check = conditionsCheck('svc.test', ['[RESPONSE_TIME] > 60000']);
      const observation = await dnsProbe.probe(check, makeProbeContext());
      expect(check.thresholds).toEqual({ queryMs: { downBelow: 60000 } });
      expect(applyThresholds(observation.metrics ?? {}, check.thresholds, { type: 'dns' }).status).toBe(
        'down',
      );
    });
  },
);
