/**
 * JSON Schemas shared by the routes: they validate requests and document responses at /docs.
 * Free-form parts (item data, form schemas, payloads) are objects with any properties.
 */
export const localizedText = {
  type: 'object',
  properties: { 'zh-CN': { type: 'string' }, en: { type: 'string' } },
  required: ['zh-CN', 'en'],
} as const;

export const anyObject = { type: 'object', additionalProperties: true } as const;

export const errorResponse = {
  type: 'object',
  description: 'A coded error; message is in the request language (?lang= or Accept-Language), messages in both.',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        messages: localizedText,
        details: {},
      },
      required: ['code', 'message', 'messages'],
    },
  },
  required: ['error'],
} as const;

/** The error answers a route can give, for the docs. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, errorResponse]));
}

export const langQuery = { lang: { type: 'string', enum: ['zh-CN', 'en'], description: 'Language of error messages' } } as const;

export const stateView = {
  type: 'object',
  properties: {
    value: {},
    paths: { type: 'array', items: { type: 'string' } },
    labels: { type: 'array', items: localizedText },
    outcome: localizedText,
  },
} as const;

const itemSummaryProperties = {
  id: { type: 'string' },
  packId: { type: 'string' },
  packVersion: { type: 'string' },
  flowId: { type: 'string' },
  flowTitle: localizedText,
  stationId: { type: ['string', 'null'] },
  title: { type: 'string' },
  status: { type: 'string', enum: ['active', 'done'] },
  state: stateView,
  fields: anyObject,
  createdBy: { type: 'string' },
  createdAt: { type: 'string', format: 'date-time' },
  updatedAt: { type: 'string', format: 'date-time' },
  dueAt: { type: ['string', 'null'], format: 'date-time' },
  version: { type: 'integer' },
} as const;

export const itemSummary = { type: 'object', properties: itemSummaryProperties } as const;

export const formDefinition = {
  type: 'object',
  properties: { id: { type: 'string' }, title: localizedText, description: localizedText, schema: anyObject, uiSchema: anyObject },
} as const;

export const itemView = {
  type: 'object',
  properties: {
    ...itemSummaryProperties,
    data: anyObject,
    deadlines: anyObject,
    actions: {
      type: 'array',
      description: 'The events this user may send now, each with its form (null: no form).',
      items: {
        type: 'object',
        properties: { type: { type: 'string' }, label: localizedText, form: { anyOf: [formDefinition, { type: 'null' }] } },
      },
    },
  },
} as const;

export const eventResult = {
  type: 'object',
  properties: {
    item: itemView,
    event: {
      type: 'object',
      properties: { seq: { type: 'integer' }, type: { type: 'string' }, role: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
    },
    replayed: { type: 'boolean', description: 'True when this answers a retry with the same Idempotency-Key: nothing new was written.' },
  },
} as const;

export const idempotencyHeader = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'A retry with the same key returns the first result and writes nothing new.',
    },
  },
} as const;

/** A person of the county, as lists and pickers see them. */
export const person = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    stationIds: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** A problem verification found in the record (engine/record/integrity-problem.ts). */
export const integrityProblem = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    seq: { type: 'integer' },
    checkpoint: { type: 'integer' },
    itemId: { type: 'string' },
    message: localizedText,
  },
} as const;

/** The verdict on one item's record. */
export const integrity = {
  type: 'object',
  properties: {
    valid: { type: 'boolean' },
    problems: { type: 'array', items: integrityProblem },
    checkpoint: { type: 'object', properties: { seq: { type: 'integer' }, at: { type: 'string', format: 'date-time' }, version: { type: 'integer' } } },
  },
} as const;
