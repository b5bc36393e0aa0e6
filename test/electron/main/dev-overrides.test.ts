import { describe, expect, it } from 'vitest';
import { devOverrides } from '../../../electron/main/dev-overrides';

describe('devOverrides', () => {
  it('reads resolvers and the user-data folder in an unpackaged app', () => {
    expect(
      devOverrides({ MAILAUDIT_DEV_RESOLVERS: '127.0.0.1:5300, [::1]:5300', MAILAUDIT_DEV_USER_DATA: '/tmp/mailaudit-e2e' }, false),
    ).toEqual({
      resolvers: ['127.0.0.1:5300', '[::1]:5300'],
      userData: '/tmp/mailaudit-e2e',
    });
  });

  it('ignores everything in the installed app', () => {
    expect(devOverrides({ MAILAUDIT_DEV_RESOLVERS: '203.0.113.53', MAILAUDIT_DEV_USER_DATA: '/tmp/x' }, true)).toEqual({});
  });

  it('ignores empty values and a relative folder', () => {
    expect(devOverrides({ MAILAUDIT_DEV_RESOLVERS: ' , ', MAILAUDIT_DEV_USER_DATA: 'relative/dir' }, false)).toEqual({});
    expect(devOverrides({}, false)).toEqual({});
  });
});
