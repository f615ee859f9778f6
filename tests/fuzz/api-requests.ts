import fc from 'fast-check';
import type { JsonSchema } from '../../forms/index.js';
import { payloadArbitrary } from '../support/payload-arbitrary.js';

/** One operation of the OpenAPI document: what its path, query, headers and body take. */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** As the document writes it: /api/items/{itemId}. */
  path: string;
  parameters: Array<{ name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: JsonSchema }>;
  body?: { type: string; schema: JsonSchema };
}

export const operationName = (op: Operation) => `${op.method} ${op.path}`;

/** The parts of an OpenAPI 3 operation the fuzzer reads. */
interface OpenApiOperation {
  parameters?: Operation['parameters'];
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
}

/** Every operation of an OpenAPI 3 document (app.swagger()). */
export function operationsOf(document: unknown): Operation[] {
  const { paths } = document as { paths: Record<string, Record<string, OpenApiOperation>> };
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      const type = Object.keys(content)[0];
      return { method: method.toUpperCase() as Operation['method'], path, parameters: op.parameters ?? [], body: type ? { type, schema: content[type].schema } : undefined };
    }),
  );
}

/** A body whose parts belong together, and who may send it (an index into the identities), when that matters. */
export interface CoherentBody {
  body: unknown;
  identity?: number;
}

/**
 * What the demo data holds, so generated requests get past the first lookup and deep into
 * the engine: values that exist by parameter or property name (itemId, packId, flow…), form
 * schemas for payloads, and coherent bodies per operation (a login that succeeds, an item
 * start whose pack, flow and payload belong together, sent by someone who may start it).
 */
export interface Vocabulary {
  values: Record<string, string[]>;
  forms: JsonSchema[];
  bodies: Record<string, fc.Arbitrary<CoherentBody>>;
  /** Query strings whose parameters belong together (an upload's pack, form and file field). */
  queries: Record<string, fc.Arbitrary<Record<string, string>>>;
}

/** A generated request; identity picks whose session cookie it carries unless cookie overrides it. */
export interface FuzzRequest {
  operation: string;
  identity: number;
  cookie: string | undefined;
  method: Operation['method'];
  url: string;
  headers: Record<string, string>;
  payload: string | Buffer | undefined;
}

/** JSON text put into a body as it is: what JSON.stringify cannot write (1e400, __proto__ keys, deep nesting). */
class Raw {
  constructor(readonly text: string) {}
}

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

/** Text that has broken the engine before, or would break a careless one. */
const HOSTILE_TEXTS = [
  '\u0000', 'a\u0000b', '\ud800', 'x\udfff', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype', 'valueOf',
  '../../etc/passwd', "' or '1'='1", '%', '\\', '_%', '1e400', '-1', '0', 'NaN', 'Infinity', '9'.repeat(40),
  '0000-01-01T00:00:00Z', '9999-12-31T23:59:59-12:00', '2026-12-31T23:59:60Z', '', ' ', '\u202e', '\ufeff', '😀', '郁南县',
  'x'.repeat(300), 'latest', 'null', 'true', '[]', '{}',
];
const HOSTILE_JSON = [
  'null', 'true', '0', '-1', '1.5', '-0', '1e308', '1e400', '-1e400', '[]', '{}', '"\\u0000"', '"\\ud800"', '"\\udc00x"',
  '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"a\\u0000":1}', '{"\\ud800":1}',
  nested(40), nested(5000), `"${'x'.repeat(20_000)}"`,
];
const HOSTILE_BODIES = ['', '{', '{"a":', '{"a":1}garbage', '\ufeff{}', 'null', '"text"', '[1,2]', '\u0000', nested(100_000)];
const ODD_CONTENT_TYPES = [
  'text/plain', 'application/xml', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded',
  'multipart/form-data', 'application/json\u0000', 'APPLICATION/JSON',
];
const HOSTILE_COOKIES = [
  'renda_session=x%00y.z', 'renda_session=%ED%A0%80', 'renda_session=yunan.' + 'A'.repeat(43), 'renda_session=__proto__.x',
  'renda_session=' + 'x'.repeat(5000), 'renda_session=.', 'renda_session=yunan.abc; renda_session=maonan.def', 'renda_session=%',
];
const BAD_URL_PARTS = ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AE', 'x'.repeat(150)];

const hostileText = fc.oneof(fc.constantFrom(...HOSTILE_TEXTS), fc.string({ unit: 'binary', maxLength: 12 }));
const hostileValue = fc.oneof(hostileText, fc.constantFrom(...HOSTILE_JSON).map((text) => new Raw(text)));

/** The keywords of a route's JSON Schema that shape generated values. */
interface ShapedSchema {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  nullable?: boolean;
  pattern?: string;
  format?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** A value shaped by a schema: inside and just outside its bounds. */
function shaped(schema: JsonSchema, v: Vocabulary): fc.Arbitrary<unknown> {
  const s = schema as ShapedSchema;
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const options = s.anyOf ?? s.oneOf;
  if (Array.isArray(options)) return fc.oneof(...options.map((option) => shaped(option, v)));
  if (s.nullable) return fc.oneof(shaped({ ...s, nullable: false }, v), fc.constant(null));
  switch (s.type) {
    case 'string':
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
      if (s.format === 'date-time') return fc.date({ min: new Date('1800-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      return fc.oneof({ weight: 9, arbitrary: fc.string({ maxLength: Math.min(s.maxLength ?? 40, 40) }) }, { weight: 1, arbitrary: fc.constant('x'.repeat((s.maxLength ?? 300) + 1)) });
    case 'integer':
      return fc.integer({ min: (s.minimum ?? -1000) - 1, max: (s.maximum ?? 1000) + 1 });
    case 'number':
      return fc.double();
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(s.items ? value(s.items, '', v) : fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 });
    case 'object': {
      const properties = Object.entries<JsonSchema>(s.properties ?? {});
      const required = new Set<string>(s.required ?? []);
      const entries = properties.map(([name, property]) => {
        const inner = value(property, name, v);
        // A required property is sometimes left out too: that is a refusal worth asking for.
        return fc.option(inner.map((x) => [name, x] as const), { freq: required.has(name) ? 10 : 2, nil: undefined });
      });
      const extra = fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(hostileText, hostileValue) });
      return fc.tuple(fc.tuple(...entries), extra).map(([list, more]) => Object.fromEntries([...list, more].filter((e) => e !== undefined)));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value for a named parameter or property: one that exists, one the schema allows, or a hostile one. */
function value(schema: JsonSchema, name: string, v: Vocabulary): fc.Arbitrary<unknown> {
  const choices: Array<fc.WeightedArbitrary<unknown>> = [
    { weight: 3, arbitrary: shaped(schema, v) },
    { weight: 1, arbitrary: hostileValue },
  ];
  // Names the demo data knows get values that exist most of the time, so requests go deep.
  if (name === 'payload' && v.forms.length) choices.push({ weight: 8, arbitrary: fc.oneof(...v.forms.map((form) => payloadArbitrary(form))) });
  else if (v.values[name]?.length) choices.push({ weight: 8, arbitrary: fc.constantFrom(...v.values[name]) });
  return fc.oneof(...choices);
}

/** JSON text of a generated value, Raw parts as they are. */
function jsonText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** As the text of a URL part or header. */
const asText = (value: unknown) => (typeof value === 'string' ? value : value instanceof Raw ? value.text : jsonText(value));

/**
 * Percent-encodes text for a URL as a careless client would: an unpaired surrogate becomes the
 * three bytes it would have in UTF-8 (%ED%A0%80), which is not valid UTF-8.
 */
function encodeLoose(text: string): string {
  return [...text]
    .map((ch) => {
      const unit = ch.charCodeAt(0);
      if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
        return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      }
      return encodeURIComponent(ch);
    })
    .join('');
}

const urlPart = (arbitrary: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 19, arbitrary: arbitrary.map((x) => encodeLoose(asText(x))) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_URL_PARTS) });

function queryString(op: Operation, v: Vocabulary): fc.Arbitrary<string> {
  const params = op.parameters.filter((p) => p.in === 'query');
  const generated = fc
    .tuple(...params.map((p) => fc.option(fc.tuple(fc.constant(p.name), urlPart(value(p.schema, p.name, v))), { freq: p.required ? 10 : 2, nil: undefined })))
    .map((list) => list.filter((p) => p !== undefined).map(([k, x]) => `${encodeURIComponent(k)}=${x}`));
  const coherent = v.queries[operationName(op)]?.map((query) => Object.entries(query).map(([k, x]) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`));
  const pairs = coherent ? fc.oneof(coherent, generated) : generated;
  const twist = fc.oneof({ weight: 12, arbitrary: fc.constant('none') }, fc.constantFrom('repeat', 'unknown', 'badEncoding', 'emptyName'));
  return fc.tuple(pairs, twist).map(([given, how]) => {
    if (how === 'repeat') given.push(given[0] ?? 'lang=en', given[0] ?? 'lang=en');
    if (how === 'unknown') given.push('zz=1');
    if (how === 'badEncoding') given.push('q=%E0%A4%A');
    if (how === 'emptyName') given.push('=x&&=');
    return given.length ? `?${given.join('&')}` : '';
  });
}

function pathOf(op: Operation, v: Vocabulary): fc.Arbitrary<string> {
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const schemaOf = (name: string) => op.parameters.find((p) => p.in === 'path' && p.name === name)?.schema ?? { type: 'string' };
  return fc.tuple(...names.map((name) => urlPart(value(schemaOf(name), name, v)))).map((parts) => {
    let i = 0;
    return op.path.replace(/\{\w+\}/g, () => parts[i++]);
  });
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

/** One file part, with a name and type that may be hostile. */
const multipart = fc
  .record({
    filename: fc.oneof(fc.constantFrom('photo.png', '现场照片.png'), hostileText),
    type: fc.oneof(fc.constantFrom('image/png', 'image/jpeg', 'application/pdf', 'text/plain'), hostileText),
    bytes: fc.constantFrom(PNG, Buffer.from('%PDF-1.7\n'), Buffer.alloc(0), Buffer.from('MZ\u0000\u0000')),
  })
  .map(({ filename, type, bytes }) => ({
    type: 'multipart/form-data; boundary=fuzz',
    payload: Buffer.concat([
      Buffer.from(`--fuzz\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
      bytes,
      Buffer.from('\r\n--fuzz--\r\n'),
    ]),
  }));

interface Body {
  type: string | undefined;
  payload: string | Buffer | undefined;
  identity?: number;
}

function bodyOf(op: Operation, v: Vocabulary): fc.Arbitrary<Body> {
  const json = (arbitrary: fc.Arbitrary<unknown>) => arbitrary.map((x): Body => ({ type: 'application/json', payload: jsonText(x) }));
  const odd: fc.Arbitrary<Body> = fc.record({
    type: fc.constantFrom(...ODD_CONTENT_TYPES, undefined),
    payload: fc.oneof(fc.constantFrom(...HOSTILE_BODIES), fc.constantFrom(...HOSTILE_JSON)),
  });
  if (!op.body) return fc.oneof({ weight: 9, arbitrary: fc.constant({ type: undefined, payload: undefined }) }, { weight: 1, arbitrary: odd });
  if (op.body.type.startsWith('multipart/')) return fc.oneof({ weight: 6, arbitrary: multipart }, { weight: 1, arbitrary: json(shaped(op.body.schema, v)) }, { weight: 1, arbitrary: odd });
  const coherent = v.bodies[operationName(op)];
  return fc.oneof(
    ...(coherent ? [{ weight: 6, arbitrary: coherent.map(({ body, identity }): Body => ({ type: 'application/json', payload: jsonText(body), identity })) }] : []),
    { weight: 4, arbitrary: json(value(op.body.schema, 'body', v)) },
    { weight: 1, arbitrary: json(hostileValue) },
    { weight: 1, arbitrary: odd },
  );
}

/**
 * Requests for every operation, from its schemas and from hostile values: path parameters,
 * query strings (with repeats and broken encodings), headers, cookies and bodies (JSON from the
 * schema with hostile parts, raw text that is not JSON, odd content types, multipart files).
 */
export function fuzzRequests(operations: Operation[], v: Vocabulary, identities: number): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...operations).chain((op) => requestsFor(op, v, identities));
}

/** Requests for one operation (fuzzRequests draws the operation first). */
export function requestsFor(op: Operation, v: Vocabulary, identities: number): fc.Arbitrary<FuzzRequest> {
  return (
    fc
      .record({
        identity: fc.nat(identities - 1),
        cookie: fc.oneof({ weight: 19, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_COOKIES) }),
        path: pathOf(op, v),
        query: queryString(op, v),
        headers: fc.tuple(
          ...op.parameters.filter((p) => p.in === 'header').map((p) => fc.option(value(p.schema, p.name, v).map((x) => [p.name, asText(x)] as const), { nil: undefined })),
          fc.option(fc.oneof({ weight: 9, arbitrary: fc.constantFrom('en', 'zh-CN,zh;q=0.9', 'en-US;q=0.5') }, { weight: 1, arbitrary: hostileText }).map((x) => ['accept-language', x] as const), { nil: undefined }),
        ),
        body: bodyOf(op, v),
      })
      .map(({ identity, cookie, path, query, headers, body }) => ({
        operation: operationName(op),
        identity: body.identity ?? identity,
        cookie,
        method: op.method,
        url: path + query,
        headers: Object.fromEntries([...headers.filter((h) => h !== undefined), ...(body.type === undefined ? [] : [['content-type', body.type]])]),
        payload: body.payload,
      }))
  );
}
