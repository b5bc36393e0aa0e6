import { describe, expect, it } from 'vitest';
import { evidenceLines } from '../../shared/evidence';

describe('evidenceLines', () => {
  it.each(['evidence.web_access.requests', 'evidence.exchange.seen', 'evidence.tls.profile'])(
    '%s is a listing its check wrote: one request or header per line',
    (key) => {
      expect(evidenceLines({ key, value: 'GET https://mail.firma.cz/owa/ → 302\nGET http://mail.firma.cz/owa/ → 301' })).toEqual({
        lines: ['GET https://mail.firma.cz/owa/ → 302', 'GET http://mail.firma.cz/owa/ → 301'],
        listing: true,
      });
    },
  );

  it('shows a line break that came with a value from the network as \\n', () => {
    expect(evidenceLines({ key: 'evidence.spf_record', value: 'v=spf1\n-all' })).toEqual({ lines: ['v=spf1\\n', '-all'], listing: false });
  });
});
