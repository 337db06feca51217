// Redis URL/TLS/password/namespace -> ioredis client, and the masking that keeps passwords
// out of every message, status line and log.
import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import { errorMessage, UsageError, UserFacingError } from '../errors.js';

export interface RedisTarget {
  url: string;
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
  namespace: string;
  /** The URL with the password replaced by `***`: the only form ever shown. */
  display: string;
}

export function parseRedisTarget(url: string, namespace = 'resque'): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(
      `invalid Redis URL "${maskUrl(url)}": expected redis://host[:port][/db] or rediss://… (user and password go before the host: user:password@host)`,
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new UsageError(`invalid Redis URL "${maskUrl(url)}": scheme must be redis:// or rediss://`);
  }
  if (!parsed.hostname) throw new UsageError(`invalid Redis URL "${maskUrl(url)}": no host`);
  const port = parsed.port ? Number(parsed.port) : 6379;
  const dbPart = parsed.pathname.replace(/^\//, '');
  const db = dbPart === '' ? 0 : Number(dbPart);
  if (!Number.isInteger(db) || db < 0) {
    throw new UsageError(`invalid Redis URL "${maskUrl(url)}": database must be a number`);
  }
  if (!namespace || /\s/.test(namespace)) throw new UsageError(`invalid namespace "${namespace}"`);
  return {
    url,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db,
    tls: parsed.protocol === 'rediss:',
    namespace,
    display: maskUrl(url),
  };
}

/** Replaces the password of a redis URL with `***`; leaves anything unparseable alone but masked. */
export function maskUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/)([^:@/]*):([^@/]*)@/i, (_m, scheme, user) => `${scheme}${user}:***@`);
}

/** Removes a known password from any text (error messages from ioredis may echo options). */
export function maskSecret(text: string, target?: Pick<RedisTarget, 'password'>): string {
  let out = text.replace(/(rediss?:\/\/[^:@/\s]*):([^@/\s]*)@/gi, '$1:***@');
  if (target?.password) out = out.split(target.password).join('***');
  return out;
}

export interface ClientOptions {
  /** Keep retrying forever with backoff (the TUI) instead of failing fast (snapshot, check). */
  persistent?: boolean;
  connectTimeoutMs?: number;
  name?: string;
}

export function redisOptions(target: RedisTarget, options: ClientOptions = {}): RedisOptions {
  const { persistent = false, connectTimeoutMs = 4000 } = options;
  return {
    host: target.host,
    port: target.port,
    username: target.username,
    password: target.password,
    db: target.db,
    // SNI carries host names only (an IP there is deprecated and warns on stderr); the
    // certificate is checked against the host either way. The CA: NODE_EXTRA_CA_CERTS.
    tls: target.tls ? (isIP(target.host) ? {} : { servername: target.host }) : undefined,
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    // The ready check runs INFO, which a read-only ACL user may not (ioredis then warns on
    // stderr); CLIENT SETNAME is not allowed to such a user either.
    enableReadyCheck: false,
    // Fail fast while disconnected instead of queueing refreshes that would pile up.
    enableOfflineQueue: persistent,
    maxRetriesPerRequest: persistent ? 1 : 0,
    retryStrategy: persistent ? (times) => Math.min(250 * 2 ** Math.min(times, 5), 5000) : () => null,
  };
}

const UNTRUSTED_CERT = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** A TLS/certificate failure as one line, or undefined when `error` is not one. */
function describeTlsError(code: string, raw: string, where: string): string | undefined {
  if (
    UNTRUSTED_CERT.has(code) ||
    /self[- ]signed certificate|unable to (verify|get local issuer)/i.test(raw)
  ) {
    return `TLS: cannot verify the certificate of Redis at ${where} (${raw}); if it is signed by your own CA, pass that CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /does not match certificate's altnames/i.test(raw)) {
    return `TLS: the certificate of Redis at ${where} is not for this host name (${raw})`;
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return `TLS: the certificate of Redis at ${where} is not valid now (${raw})`;
  }
  if (/^(ERR_SSL_|ERR_TLS_|CERT_)/.test(code) || /\bSSL routines\b|wrong version number/i.test(raw)) {
    return `TLS handshake with Redis at ${where} failed (${raw}); is this a TLS port?`;
  }
  return undefined;
}

/** Turns ioredis/network errors into one readable line, password masked. */
export function describeRedisError(error: unknown, target: RedisTarget): string {
  const raw = errorMessage(error);
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const where = target.display;
  const tls = describeTlsError(code, raw, where);
  let text: string;
  if (tls) {
    text = tls;
  } else if (/WRONGPASS|invalid username-password|NOAUTH|AUTH failed/i.test(raw)) {
    text = `Redis at ${where} refused the credentials (wrong user or password)`;
  } else if (/ECONNREFUSED/.test(raw)) {
    text = `cannot reach Redis at ${where}: connection refused`;
  } else if (/ENOTFOUND|EAI_AGAIN/.test(raw)) {
    text = `cannot reach Redis at ${where}: host not found`;
  } else if (/ETIMEDOUT|timed? ?out/i.test(raw)) {
    // A plain Redis port never answers a TLS hello: the connect just times out.
    text = `cannot reach Redis at ${where}: timed out${target.tls ? ' (rediss:// needs a TLS port; plain Redis is redis://)' : ''}`;
  } else if (/ECONNRESET/.test(raw) && !target.tls) {
    // A TLS port drops a plain-text client at once.
    text = `Redis at ${where} closed the connection at once (if it expects TLS, use rediss://)`;
  } else if (/Connection is closed|Stream isn't writeable|max retries/i.test(raw)) {
    text = `lost the connection to Redis at ${where}`;
  } else if (/NOPERM/.test(raw)) {
    text = `Redis at ${where} denied a command: ${raw}`;
  } else {
    text = `Redis error at ${where}: ${raw}`;
  }
  return maskSecret(text, target);
}

/** Connects a client; resolves once ready, or rejects with one readable line. */
export async function connectClient(target: RedisTarget, options: ClientOptions = {}): Promise<Redis> {
  const client = new Redis(redisOptions(target, options));
  let lastError: unknown;
  client.on('error', (error) => {
    lastError = error;
  });
  const timeoutMs = (options.connectTimeoutMs ?? 4000) + 500;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_r, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      }),
    ]);
  } catch (error) {
    client.disconnect();
    throw new UserFacingError(describeRedisError(lastError ?? error, target));
  } finally {
    clearTimeout(timer);
  }
  return client;
}
