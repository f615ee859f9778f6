import type { Locale, LocalizedText } from '../../../forms/index.js';

/** An error answer from the engine: a code, the message in the user's language, details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messages: LocalizedText | undefined,
    readonly details: unknown,
  ) {
    super(message);
  }

  /** For a locked login (LOGIN_LOCKED): how long until the next try, as the engine sent it. */
  get retryAfterSeconds(): number | undefined {
    const seconds = (this.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    return typeof seconds === 'number' ? seconds : undefined;
  }
}

let currentLocale: Locale = 'zh-CN';
/** The engine answers errors in this language (Accept-Language). */
export function setApiLocale(locale: Locale) {
  currentLocale = locale;
}

async function request<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { 'accept-language': currentLocale, ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
  } catch {
    const messages = { 'zh-CN': '无法连接服务器，请检查网络后重试', en: 'Cannot reach the server; check the network and try again' };
    throw new ApiError(0, 'NETWORK', messages[currentLocale], messages, undefined);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const error = json?.error ?? {};
    throw new ApiError(response.status, error.code ?? 'HTTP_' + response.status, error.message ?? response.statusText, error.messages, error.details);
  }
  return json as T;
}

export const api = {
  get: <T>(url: string) => request<T>('GET', url),
  post: <T>(url: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', url, body ?? {}, headers),
  put: <T>(url: string, body?: unknown) => request<T>('PUT', url, body),
  patch: <T>(url: string, body: unknown) => request<T>('PATCH', url, body),
  delete: <T>(url: string) => request<T>('DELETE', url),
};

/** A query string from the defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? '?' + new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString() : '';
}
