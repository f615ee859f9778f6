import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../../engine/http/trust-proxy.js';

describe('TRUST_PROXY', () => {
  it('is off unless set', () => {
    for (const value of [undefined, '', '  ', 'false']) expect(parseTrustProxy(value)).toBe(false);
  });

  it('takes true, or the proxies as addresses, subnets and range names', () => {
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('10.0.0.1')).toEqual(['10.0.0.1']);
    expect(parseTrustProxy(' 10.0.0.0/8, ::1 ,fd00::/8,loopback')).toEqual(['10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
  });

  it('refuses at start what it cannot trust safely, naming the entries in both languages', () => {
    // A hop count would silently trust nothing in Fastify 5; a typo must not either.
    for (const [value, named] of [
      ['1', '1'],
      ['yes', 'yes'],
      ['10.0.0.1, 10.0.0.0/33', '10.0.0.0/33'],
      ['10.0.0.300', '10.0.0.300'],
      ['::1/129', '::1/129'],
    ]) {
      expect(() => parseTrustProxy(value), value).toThrow(new RegExp(`TRUST_PROXY 无效：${named.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}；.*TRUST_PROXY is invalid: `));
    }
  });
});
