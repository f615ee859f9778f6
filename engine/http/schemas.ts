import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';

/**
 * The building blocks of the routes' schemas (TypeBox: each is the JSON Schema the route
 * validates with and /docs shows, and the TypeScript type its handler reads or returns).
 * Free-form parts (item data, form schemas, payloads) are objects with any properties.
 */

export const localizedText = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });

/** Any JSON object; its static type is a record, not `{}`. */
export const anyObject = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });

/** An object with any properties, documented (a form's payload). */
export const describedObject = (description: string) =>
  Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description });

/** An ISO 8601 instant, as every date leaves the engine. */
export const dateTime = Type.String({ format: 'date-time' });

/** A value or null, as one JSON Schema `type` list (["string", "null"]): the form ajv coerces as before. */
export function nullable<T extends TSchema & { type: string }>(schema: T): TUnsafe<Static<T> | null> {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });
}

/** One of some strings, as a plain JSON Schema enum. */
export function stringEnum<const V extends readonly string[]>(values: V, options: Record<string, unknown> = {}): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ type: 'string', enum: values, ...options });
}

export const errorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      messages: localizedText,
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { description: 'A coded error; message is in the request language (?lang= or Accept-Language), messages in both.' },
);

/**
 * The error answers a route can give, for the docs; typed per status so that a handler's
 * result is checked against its success schemas (fromEntries cannot know the keys).
 */
export function errors<const S extends readonly number[]>(...statuses: S): { [K in S[number]]: typeof errorResponse } {
  return Object.fromEntries(statuses.map((s) => [s, errorResponse])) as { [K in S[number]]: typeof errorResponse };
}

export const langQuery = { lang: Type.Optional(stringEnum(['zh-CN', 'en'], { description: 'Language of error messages' })) };

/** A query string with only ?lang=. */
export const langOnly = Type.Object(langQuery);

export const idempotencyHeader = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'A retry with the same key returns the first result and writes nothing new.',
    }),
  ),
});

/** An answer without a body (204): the handler sends nothing. */
export const noContent = Type.Unsafe<undefined>({ type: 'null' });
