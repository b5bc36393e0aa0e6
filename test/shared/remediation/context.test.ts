import { describe, expect, it } from 'vitest';
import { platformView } from '../../../shared/remediation/context';
import { build } from './assessment-helper';

const withPlatform = (signals: string[], platform = 'on-premises-or-other') =>
  build({ attempts: { platform: { data: { platform, tenantTraces: signals.length > 0, signals } } } });

describe('platformView', () => {
  it.each([
    // [signals, sends through Exchange Online?, why]
    [['tenant-verification-txt'], false, 'a verification TXT only proves a Microsoft 365 tenant (Teams, Entra), not its mail'],
    [['autodiscover-exchange-online', 'tenant-verification-txt'], false, 'autodiscover points clients at mailboxes, not outbound mail'],
    [['spf-include-exchange-online'], true, 'SPF authorises Exchange Online to send for the domain'],
    [['dkim-exchange-online'], true, "Exchange Online signs the domain's mail"],
  ] as const)('%j → sends through Exchange Online: %s (%s)', (signals, sends, _why) => {
    expect(platformView(withPlatform([...signals])).sendsThroughExchangeOnline).toBe(sends);
  });

  it('an Exchange Online MX decides it regardless of other signals', () => {
    expect(platformView(withPlatform(['mx-exchange-online'], 'exchange-online'))).toMatchObject({
      platform: 'exchange-online',
      sendsThroughExchangeOnline: true,
    });
  });
});
