import { isIP } from 'node:net';

/** Fastify's trustProxy, as TRUST_PROXY gives it. */
export type TrustProxy = boolean | string[];

/** Names proxy-addr knows for address ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Reads TRUST_PROXY: unset, empty or "false" trusts no proxy (X-Forwarded-* are ignored);
 * "true" trusts whoever connects; otherwise a comma-separated list of the proxies' addresses
 * or subnets (10.0.0.1, 10.0.0.0/8, loopback). When the proxy is trusted, the client address
 * and protocol come from X-Forwarded-For and X-Forwarded-Proto. A hop count is refused:
 * Fastify 5 trusts nothing with one (it cannot check who the nearest hop is).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  const invalid = entries.filter((e) => !RANGE_NAMES.has(e) && !isAddressOrSubnet(e));
  if (invalid.length) {
    throw new Error(
      `TRUST_PROXY 无效：${invalid.join('、')}；应为 true 或以逗号分隔的代理地址/网段 / ` +
        `TRUST_PROXY is invalid: ${invalid.join(', ')}; use true, or the proxies' addresses/subnets separated by commas`,
    );
  }
  return entries;
}

function isAddressOrSubnet(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}
