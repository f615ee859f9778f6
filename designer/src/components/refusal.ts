import type { FormInstance } from 'antd';
import type { ApiError } from '../api/client.js';
import type { LocalizedText } from '../api/types.js';

/**
 * The request field an engine refusal is about. The directory's refusals (DIRECTORY_FIELD_INVALID,
 * USERNAME_TAKEN, PASSWORD_WRONG…) name it in their message, 字段“username” / Field "username";
 * Fastify's own checks name it as body.username.
 */
export function refusedField(error: ApiError): string | undefined {
  const zh = error.messages?.['zh-CN'] ?? error.message;
  const named = /字段“([^”]+)”/.exec(zh)?.[1] ?? /“body\.([A-Za-z]+)/.exec(zh)?.[1];
  return named?.replace(/^body\./, '');
}

/** The refusal in the user's language, with the field called by its label on the form instead of its key. */
export function refusalText(error: ApiError, pick: (text: LocalizedText | undefined) => string, labels: Record<string, string>): string {
  let text = (error.messages ? pick(error.messages) : '') || error.message;
  for (const [field, label] of Object.entries(labels)) {
    text = text.replaceAll(`“${field}”`, `“${label}”`).replaceAll(`"${field}"`, `"${label}"`).replaceAll(`“body.${field}”`, `“${label}”`).replaceAll(`"body.${field}"`, `"${label}"`);
  }
  return text;
}

/**
 * Puts an engine refusal under the form field it names, worded with the field's label; answers
 * false when it names none of the form's fields (the caller says it above the buttons instead).
 */
export function showRefusalOnField<T>(form: FormInstance<T>, error: ApiError, pick: (text: LocalizedText | undefined) => string, labels: Record<string, string>): boolean {
  const field = refusedField(error);
  if (!field || !(field in labels)) return false;
  form.setFields([{ name: field as never, errors: [refusalText(error, pick, labels)] }]);
  return true;
}
