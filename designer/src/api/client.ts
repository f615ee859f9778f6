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

/** The file name a Content-Disposition header gives (its UTF-8 form first), or undefined. */
export function dispositionFilename(header: string | null): string | undefined {
  if (!header) return undefined;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {
      // fall back to the plain name
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1];
}

/**
 * A file the engine sends (an export), saved by the browser under the name the engine gives it.
 * A refusal is thrown as an ApiError, as the JSON calls' are, instead of leaving the page.
 */
async function download(url: string, fallbackName: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { 'accept-language': currentLocale } });
  } catch {
    const messages = { 'zh-CN': '无法连接服务器，请检查网络后重试', en: 'Cannot reach the server; check the network and try again' };
    throw new ApiError(0, 'NETWORK', messages[currentLocale], messages, undefined);
  }
  if (!response.ok) {
    const text = await response.text();
    let error: { code?: string; message?: string; messages?: LocalizedText; details?: unknown } = {};
    try {
      error = (text ? JSON.parse(text) : {})?.error ?? {};
    } catch {
      // not JSON: the status says what happened
    }
    throw new ApiError(response.status, error.code ?? 'HTTP_' + response.status, error.message ?? response.statusText, error.messages, error.details);
  }
  const name = dispositionFilename(response.headers.get('content-disposition')) ?? fallbackName;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  link.click();
  // The click has handed the file to the browser; the address may go once it has started.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return name;
}

export const api = {
  download,
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
